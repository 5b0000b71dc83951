extension PerfResult {
    /// What budgets are held to from this file: endpoints as endpoints, resources as
    /// resources, benchmarks, Lighthouse audits and named metrics as metrics. The aggregate
    /// series (all requests) becomes the metric `http`, so that it feeds the overall metric
    /// series (`latency.p95_ms` without labels) without being mistaken for an endpoint.
    public var observations: [BudgetObservation] {
        budgetInputs.map { input in
            let subject: BudgetObservation.Subject = switch input.kind {
            case .endpoint: .endpoint(method: input.method, path: input.name)
            case .resource: .resource(input.name)
            case .aggregate: .metric(PerfMeasures.aggregateName)
            case .benchmark, .audit, .metric: .metric(input.name)
            }
            return BudgetObservation(
                subject: subject, statistic: input.statistic, value: input.value, samples: input.samples, source: input.source)
        }
    }
}
