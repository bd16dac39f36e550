import Foundation

/// Realistic Chinese personal names: surnames weighted by how common they are (the 100 most common,
/// roughly by the 2020 census share, in hundredths of a percent) and given names of one or two characters.
enum NameBook {
    private static let surnames: [(String, Int)] = [
        ("王", 712), ("李", 700), ("张", 674), ("刘", 510), ("陈", 461), ("杨", 322), ("黄", 245), ("赵", 229),
        ("吴", 205), ("周", 200), ("徐", 145), ("孙", 138), ("马", 129), ("朱", 127), ("胡", 122), ("郭", 118),
        ("何", 117), ("林", 114), ("高", 112), ("罗", 107), ("郑", 97), ("梁", 94), ("谢", 85), ("宋", 79),
        ("唐", 78), ("许", 76), ("韩", 74), ("冯", 72), ("邓", 71), ("曹", 71), ("彭", 70), ("曾", 67),
        ("肖", 66), ("田", 64), ("董", 63), ("袁", 62), ("潘", 60), ("于", 59), ("蒋", 58), ("蔡", 57),
        ("余", 57), ("杜", 55), ("叶", 55), ("程", 54), ("苏", 52), ("魏", 51), ("吕", 50), ("丁", 48),
        ("任", 47), ("沈", 46), ("姚", 45), ("卢", 44), ("姜", 43), ("崔", 42), ("钟", 41), ("谭", 40),
        ("陆", 39), ("汪", 38), ("范", 38), ("金", 37), ("石", 36), ("廖", 35), ("贾", 34), ("夏", 33),
        ("韦", 33), ("付", 32), ("方", 32), ("白", 31), ("邹", 31), ("孟", 30), ("熊", 30), ("秦", 29),
        ("邱", 29), ("江", 28), ("尹", 28), ("薛", 27), ("闫", 27), ("段", 26), ("雷", 26), ("侯", 25),
        ("龙", 25), ("史", 24), ("陶", 24), ("黎", 23), ("贺", 23), ("顾", 22), ("毛", 22), ("郝", 21),
        ("龚", 21), ("邵", 20), ("万", 20), ("钱", 20), ("严", 19), ("覃", 18), ("武", 18), ("戴", 18),
        ("莫", 17), ("孔", 17), ("向", 16), ("汤", 16),
    ]
    private static let totalWeight = surnames.reduce(0) { $0 + $1.1 }

    private static let male = Array(
        "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳亮成建峰志海东文博晨昊然轩睿哲航泽宏翔锐毅坤彬豪振国兵庆春光荣兴锋江洋亚松雷威冬胜学祥才武新利清彪富顺信腾程天瑞嘉逸铭晟恒骏烨钧炜琦锦远思源诚舟卓弘昌鸿岩崇栋楷坚星尧彦晖韬泓皓煜霖奕宸梓煊铮朗麟淳启元勋震曦"
    )
    private static let female = Array(
        "芳娜敏静丽艳娟霞燕玲丹萍红琳雪慧莉倩婷颖洁佳琪欣悦怡瑶梦雯婧璐蕾薇妍萱涵璇晴菲彤蓉露岚月凤娇媛婉淑秀兰英梅莹晶蕊茜楠姗妮珊琼紫诗雅馨韵菁瑾嫣语沁可笑甜蓓贝琴珍荷莲玥婕妤姝若依伊曼蔓桐溪筱晓冰婵丝盈纯娅黛芸茵苗萌蓝瑜璟琬绮晗歆芮芊苒汐钰莎铃柔舒琰"
    )
    private static let neutral = Array(
        "子一思雨文晓安佳嘉天欣宇心然乐清佩昕艺睿若林梓诗云家语涵博亦奕宁冉秋青春夏宸航书静致铭锦卓远源晨颜凡言依泽沐可星洛楚悠予希景意之朝知余望信则启"
    )

    /// A surname, drawn with the weight of how common it is.
    static func surname(_ rng: inout SplitMix64) -> String {
        var ticket = rng.below(totalWeight)
        for (name, weight) in surnames {
            if ticket < weight { return name }
            ticket -= weight
        }
        return surnames[0].0
    }

    /// A given name of one character (about 30%) or two, mostly from the characters usual for `male`.
    static func givenName(male isMale: Bool, _ rng: inout SplitMix64) -> String {
        let gendered = isMale ? male : female
        let length = rng.chance(0.3) ? 1 : 2
        return String((0..<length).map { _ in rng.chance(0.7) ? rng.pick(gendered) : rng.pick(neutral) })
    }

    /// A full name: a weighted surname and a given name.
    static func fullName(male isMale: Bool, _ rng: inout SplitMix64) -> String {
        surname(&rng) + givenName(male: isMale, &rng)
    }
}
