import Foundation
import ZIPFoundation

/// The parts of an .xlsx file (a ZIP archive), opened in memory and read one part at a time.
struct XLSXPackage {
    private let archive: Archive
    /// No single part may inflate beyond this, so a ZIP bomb cannot exhaust memory.
    private let maxPartSize: Int

    /// Opens `data` as a ZIP archive; anything else throws a `TableError`.
    init(data: Data, maxPartSize: Int) throws(TableError) {
        self.maxPartSize = maxPartSize
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw .notWorkbook("不是 ZIP 文件 / not a ZIP archive")
        }
    }

    /// The bytes of the part at `path` (matched exactly, then ignoring case), or nil when absent.
    func part(_ path: String) throws(TableError) -> Data? {
        let lowered = path.lowercased()
        guard let entry = archive[path] ?? archive.first(where: { $0.path.lowercased() == lowered }) else { return nil }
        let tooLarge = TableError.notWorkbook("\(path) 解压后过大 / is too large when decompressed")
        guard entry.uncompressedSize <= UInt64(maxPartSize) else { throw tooLarge }
        var bytes = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                guard bytes.count + chunk.count <= maxPartSize else { throw tooLarge }
                bytes.append(chunk)
            }
        } catch let error as TableError {
            throw error
        } catch {
            throw .notWorkbook("\(path) 无法解压 / cannot be decompressed")
        }
        return bytes
    }
}
