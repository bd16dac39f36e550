import Foundation

/// Groups students into rooms: every room holds 4–6 students of one gender.
///
/// Students are ordered by grade, gender and class, so roommates are usually classmates. Each run of one
/// grade and gender is cut into rooms; when some run is too small to cut that way (tiny schools only), the
/// runs are by gender alone. Only a gender with fewer than 4 students, or exactly 7, gets a room outside 4–6.
enum RoomPlan {
    /// The rooms, each a list of indices into `students`, in order.
    static func rooms(for students: [DemoStudent], _ rng: inout SplitMix64) -> [[Int]] {
        let byGrade = runs(of: students, byGrade: true)
        let usable = byGrade.allSatisfy { feasible($0.count) }
        var rooms: [[Int]] = []
        for run in usable ? byGrade : runs(of: students, byGrade: false) {
            var cursor = 0
            for size in sizes(for: run.count, &rng) {
                rooms.append(Array(run[cursor..<(cursor + size)]))
                cursor += size
            }
        }
        return rooms
    }

    /// Indices ordered by (grade,) gender, class and student number, split where the grade or gender changes.
    private static func runs(of students: [DemoStudent], byGrade: Bool) -> [[Int]] {
        func key(_ s: DemoStudent) -> (Int, Int) { (byGrade ? s.demoClass.grade : 0, s.male ? 0 : 1) }
        let order = students.indices.sorted { a, b in
            let (x, y) = (students[a], students[b])
            return (key(x).0, key(x).1, x.number) < (key(y).0, key(y).1, y.number)
        }
        var runs: [[Int]] = []
        for index in order {
            if let last = runs.last?.last, key(students[last]) == key(students[index]) {
                runs[runs.count - 1].append(index)
            } else {
                runs.append([index])
            }
        }
        return runs
    }

    /// Whether `n` students can fill rooms of 4–6 exactly.
    private static func feasible(_ n: Int) -> Bool { n == 0 || (n >= 4 && n != 7) }

    /// Room sizes adding up to `n`: mostly six-bed rooms, then four-bed, a few five-bed.
    static func sizes(for n: Int, _ rng: inout SplitMix64) -> [Int] {
        guard feasible(n) else { return n > 0 ? [n] : [] }
        var sizes: [Int] = []
        var left = n
        while left > 0 {
            let preferred = rng.chance(0.5) ? 6 : (rng.chance(0.6) ? 4 : 5)
            let size = [preferred, 6, 5, 4].first { $0 <= left && feasible(left - $0) } ?? left
            sizes.append(size)
            left -= size
        }
        return sizes
    }
}
