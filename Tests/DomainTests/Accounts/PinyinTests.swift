import Foundation
import Testing
@testable import Accounts

@Suite("Pinyin: toneless pinyin of Chinese names, for recognising a name inside a password")
struct PinyinTests {
    /// The demo college's name book, read from its source (its tables are private to DemoCollege).
    static let nameBook = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Sources/DemoCollege/NameBook.swift")

    /// Whether `character` is a CJK unified ideograph.
    static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }

    @Test("A name's pinyin is lowercase, toneless and without spaces, surname first", arguments: [
        ("张伟", "zhangwei"), ("王芳", "wangfang"), ("李娜", "lina"), ("刘洋", "liuyang"), ("陈静", "chenjing"),
        ("杨秀英", "yangxiuying"), ("黄晓明", "huangxiaoming"), ("周杰伦", "zhoujielun"), ("王", "wang"),
    ])
    func commonNames(name: String, pinyin: String) {
        #expect(Pinyin.of(name) == pinyin)
    }

    @Test("A polyphonic surname takes its surname reading", arguments: [
        ("单雄信", "shanxiongxin"), ("曾国藩", "zengguofan"), ("解缙", "xiejin"), ("区家麟", "oujialin"),
        ("仇英", "qiuying"), ("朴树", "piaoshu"), ("查良镛", "zhaliangyong"), ("覃海", "qinhai"), ("盖聂", "genie"),
        ("乐嘉", "yuejia"), ("缪斯", "miaosi"), ("翟天临", "zhaitianlin"),
    ])
    func polyphonicSurnames(name: String, pinyin: String) {
        #expect(Pinyin.of(name) == pinyin)
    }

    @Test("Outside the surname a polyphonic character takes its common reading", arguments: [
        ("张乐", "zhangle"), ("李朝阳", "lizhaoyang"), ("刘单", "liudan"), ("王曾", "wangceng"), ("陈解", "chenjie"),
    ])
    func polyphonicGivenNames(name: String, pinyin: String) {
        #expect(Pinyin.of(name) == pinyin)
    }

    @Test("A compound surname is read as one, in a name of three or more characters", arguments: [
        ("欧阳修", "ouyang", "xiu"), ("诸葛亮", "zhuge", "liang"), ("司马光", "sima", "guang"),
        ("尉迟恭", "yuchi", "gong"), ("长孙无忌", "zhangsun", "wuji"), ("上官婉儿", "shangguan", "waner"),
    ])
    func compoundSurnames(name: String, surname: String, givenName: String) throws {
        let parts = try #require(Pinyin.parts(of: name))
        #expect(parts.surname == surname && parts.givenName == givenName)
        #expect(Pinyin.of(name) == surname + givenName)
    }

    @Test("The surname and the given name are told apart")
    func parts() throws {
        let zhang = try #require(Pinyin.parts(of: "张伟"))
        #expect(zhang.surname == "zhang" && zhang.givenName == "wei")
        let wang = try #require(Pinyin.parts(of: "王"))
        #expect(wang.surname == "wang" && wang.givenName == "")
        #expect(Pinyin.of("长孙") == "changsun")
    }

    @Test("ü is written v, as a pinyin keyboard types it")
    func umlaut() {
        #expect(Pinyin.of("吕子乔") == "lvziqiao")
        #expect(Pinyin.of("李女") == "linv")
    }

    @Test("Spaces and interpuncts between parts of a name are skipped")
    func separators() {
        #expect(Pinyin.of("张 伟") == "zhangwei")
        #expect(Pinyin.of(" 欧阳 修 ") == "ouyangxiu")
        #expect(Pinyin.of("马·文") == "mawen")
    }

    @Test("A name with any unknown character has no pinyin", arguments: ["张龘", "龘伟", "Zhang Wei", "张3", "", "  ", "·"])
    func unknown(name: String) {
        #expect(Pinyin.of(name) == nil)
    }

    @Test("Every character of the demo college's name book is known, as surname and in a given name")
    func nameBookCovered() throws {
        let source = try String(contentsOf: Self.nameBook, encoding: .utf8)
        let characters = Set(source.filter(Self.isHan))
        #expect(characters.count >= 300)
        for character in characters.sorted() {
            #expect(Pinyin.of(String(character)) != nil, "\(character) as a surname")
            #expect(Pinyin.of("王" + String(character)) != nil, "\(character) in a given name")
        }
    }

    @Test("The 150 most common surnames are known")
    func commonSurnames() {
        let surnames = """
            王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范\
            金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄\
            聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶\
            解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇
            """
        let unique = Set(surnames.filter(Self.isHan))
        #expect(unique.count >= 150)
        for surname in unique.sorted() {
            #expect(Pinyin.of(String(surname)) != nil, "\(surname)")
        }
    }

    @Test("The table names each character under one syllable of lowercase letters")
    func tableIsConsistent() {
        var seen: [Character: Substring] = [:]
        for line in Pinyin.table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let syllable = fields.first else { continue }
            #expect(fields.count == 2, "\(line)")
            #expect(syllable.allSatisfy { ("a"..."z").contains($0) }, "\(line)")
            for character in fields.dropFirst().joined() {
                #expect(seen[character] == nil, "\(character) under \(seen[character] ?? "") and \(syllable)")
                seen[character] = syllable
            }
        }
        #expect(seen.count >= 550)
    }

    @Test("Every surname reading overrides a character the table knows, with a different reading")
    func surnameReadingsOverride() {
        #expect(!Pinyin.surnameReadings.isEmpty)
        for (character, reading) in Pinyin.surnameReadings {
            #expect(Pinyin.readings[character] != nil && Pinyin.readings[character] != reading, "\(character)")
        }
    }
}
