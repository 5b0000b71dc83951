import Foundation
import Testing

@testable import QualityGate

@Suite("Number formatting")
struct NumberFormatTests {
    @Test("fixed decimals from the shortest digits are Foundation's String(format:) in en_US_POSIX, digit for digit")
    func fixedMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.125, 0.5, 1.005, 2.675, -1.5, 99.995, 1e-7, 123456789.987654321, 1e21, -3e300, .greatestFiniteMagnitude]
        for _ in 0..<3000 {
            let magnitude = Double.random(in: -8...18, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * pow(10, magnitude) * Double.random(in: 1..<10, using: &generator))
        }
        for value in values {
            for digits in [0, 1, 2, 6] {
                let expected = String(format: "%.\(digits)f", locale: Locale(identifier: "en_US_POSIX"), value)
                #expect(NumberFormat.fixed(value, digits: digits) == expected, "\(value) with \(digits) digits")
            }
        }
        #expect(NumberFormat.rounded(2.675) == "2.68" && NumberFormat.rounded(-0.001) == "0" && NumberFormat.plain(0.1 + 0.2) == "0.3")
    }
}
