/// A hit count parsed from an attribute: a value, a negative number (a broken counter that
/// the reader reports as `.invalid`), or something that is not a number at all.
enum XMLCount: Equatable {
    case value(UInt64)
    case negative
    case invalid
}
