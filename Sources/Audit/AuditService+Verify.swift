import CampusKit
import Foundation

extension AuditService {
    /// The outcome of a verification: how many records were checked, the first broken one, and what else does
    /// not hold (a removed tail, a missing or forged head, an anchor the chain no longer reaches).
    public struct Verification: Sendable, Equatable {
        public var checked: Int
        /// The first broken record's number, per school.
        public var broken: [SchoolID: Int]
        /// Problems other than a broken link, one sentence each (Chinese first).
        public var problems: [String]
        public var intact: Bool { broken.isEmpty && problems.isEmpty }
        public init(checked: Int, broken: [SchoolID: Int], problems: [String] = []) {
            self.checked = checked
            self.broken = broken
            self.problems = problems
        }
    }

    /// Walks every school's chain from the start, a page at a time; checks that it ends at the sealed head (so
    /// records removed from the end are found) and that it still reaches each of `anchors` (heads exported earlier).
    public func verify(anchors: [AuditHead] = []) async throws -> Verification {
        var result = Verification(checked: 0, broken: [:])
        let sealed = Dictionary(try await store.sealedHeads().map { ($0.school, $0) }, uniquingKeysWith: { a, _ in a })
        var schools = Set(try await store.schools())
        schools.formUnion(anchors.map(\.school))
        for school in schools.sorted(by: { $0.rawValue < $1.rawValue }) {
            let wanted = Dictionary(anchors.filter { $0.school == school }.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a })
            var reached: [Int: String] = [:]
            var previous: (seq: Int, hash: String)?
            var keyed = false
            walk: while true {
                let page = try await store.records(school: school, afterSeq: previous?.seq ?? 0, limit: 5000)
                if page.isEmpty { break }
                if let bad = AuditChain.firstBreak(in: page, after: previous, key: store.key, keyed: keyed) {
                    result.broken[school] = bad.seq
                    result.checked += page.firstIndex(of: bad) ?? 0
                    break walk
                }
                result.checked += page.count
                for record in page where wanted[record.seq] != nil { reached[record.seq] = record.hash }
                keyed = keyed || page.contains { $0.version != 1 }
                previous = (page[page.count - 1].seq, page[page.count - 1].hash)
            }
            if result.broken[school] != nil { continue }
            let last = previous
            if let head = sealed[school] {
                if head.mac != AuditChain.headMAC(school: school, seq: head.seq, hash: head.hash, key: store.key) {
                    result.problems.append("学校 \(school) 的审计链头签名无效 (the sealed head of school \(school) does not match its key)")
                } else if head.seq != last?.seq || head.hash != last?.hash {
                    result.problems.append("学校 \(school) 的审计链止于第 \(last?.seq ?? 0) 条，但链头记录为第 \(head.seq) 条：末尾记录被删除或改动 (the chain of school \(school) ends at record \(last?.seq ?? 0) but its sealed head is record \(head.seq): records were removed from the end)")
                }
            } else if keyed {
                result.problems.append("学校 \(school) 的审计链头缺失 (the sealed head of school \(school) is missing)")
            }
            for (seq, anchor) in wanted.sorted(by: { $0.key < $1.key }) {
                if let hash = reached[seq] {
                    if hash != anchor.hash {
                        result.problems.append("学校 \(school) 的第 \(seq) 条与锚定的哈希不符 (record \(seq) of school \(school) differs from the anchor)")
                    }
                } else {
                    result.problems.append("学校 \(school) 的审计链已不再到达锚定的第 \(seq) 条：末尾记录被删除 (the chain of school \(school) no longer reaches anchored record \(seq): its tail was removed)")
                }
            }
        }
        return result
    }
}
