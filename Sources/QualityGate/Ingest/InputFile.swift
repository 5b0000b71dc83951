import Foundation

/// Opens an input file for streaming, with the two refusals every reader needs (cannot open,
/// is a directory) worded the same way everywhere.
enum InputFile {
    /// The open file; the caller closes it with `fclose`.
    static func open(_ path: String) throws(InputError) -> UnsafeMutablePointer<FILE> {
        guard let file = fopen(path, "rb") else {
            throw .unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        if fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            fclose(file)
            throw .unreadable(file: path, reason: "it is a directory")
        }
        return file
    }
}
