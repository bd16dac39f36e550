import ContactTracing
import Testing
@testable import Web

/// A long investigation result, worked through page by page.
@Suite("Investigation view: filtered, 100 a page")
struct InvestigationViewTests {
    static let contacts: [Contact] = (1...250).map { i in
        Contact(studentNo: String(format: "2021%06d", i), degree: i <= 180 ? 1 : 2, evidence: [], name: i % 10 == 0 ? "王\(i)" : "李\(i)",
                className: i % 2 == 0 ? "信息2101" : "机电2101")
    }

    @Test("Pages of 100 in order, the last one short; a page past the end is empty; links only when there is more than one page")
    func paging() {
        let view = InvestigationView(query: nil, degree: nil, show: nil, page: 3)
        let (page, total) = view.select(Self.contacts, marked: [])
        #expect(total == 250 && page.count == 50 && page.first?.studentNo == "2021000201")
        #expect(InvestigationView(query: nil, degree: nil, show: nil, page: 4).select(Self.contacts, marked: []).contacts.isEmpty)
        let links = view.pageLinks(total: total, base: "/investigations/x")
        #expect(links.map(\.label) == ["1", "2", "3"] && links.map(\.current) == [false, false, true])
        #expect(links[0].href == "/investigations/x" && links[1].href == "/investigations/x?page=2")
        #expect(view.pageLinks(total: 100, base: "/x").isEmpty)
    }

    @Test("Filters combine: degree, marked or not, and a number prefix, a name or a class; the query string carries them")
    func filters() {
        let marked: Set<String> = ["2021000190", "2021000200"]
        let second = InvestigationView(query: "王", degree: 2, show: nil, page: nil)
        #expect(second.select(Self.contacts, marked: marked).contacts.map(\.studentNo) == ["2021000190", "2021000200", "2021000210", "2021000220", "2021000230", "2021000240", "2021000250"])
        let unmarked = InvestigationView(query: "王", degree: 2, show: "unmarked", page: nil)
        #expect(unmarked.select(Self.contacts, marked: marked).total == 5)
        #expect(InvestigationView(query: "2021000", degree: nil, show: "marked", page: nil).select(Self.contacts, marked: marked).total == 2)
        #expect(InvestigationView(query: "信息", degree: 1, show: nil, page: nil).select(Self.contacts, marked: []).total == 90)
        #expect(InvestigationView(query: " 王 ", degree: 9, show: "odd", page: 2).queryString() == "?q=%E7%8E%8B&page=2",
                "unknown values are dropped, text is trimmed and encoded")
    }
}
