import Foundation

/// Toneless pinyin for Chinese personal names, enough for the password policy to recognise a name typed into a
/// password (张伟 → `zhangwei`).
///
/// Guarantees:
/// - The result is lowercase ASCII letters only: no tones, no spaces. `ü` is written `v`, as a pinyin keyboard
///   types it (吕 → `lv`, 女 → `nv`); no other syllable contains a `v`.
/// - The first character (or the first two, for a compound surname such as 欧阳 or 尉迟 in a name of three or
///   more characters) is read as a surname: polyphonic surnames take their surname reading (单 `shan`, 曾 `zeng`,
///   解 `xie`, 区 `ou`, 仇 `qiu`, 朴 `piao`, 查 `zha`, 覃 `qin`, 盖 `ge`, 乐 `yue`…). Every other character takes
///   its most common reading in names (乐 `le`, 朝 `zhao`, 曾 `ceng`).
/// - Whitespace and the interpuncts that join transliterated names (`·`, `•`, `・`, `‧`) are skipped.
/// - The answer is nil for an empty name and for a name with any character the table does not know: never a
///   guess.
///
/// The table knows about 1,250 characters: the common surnames (well beyond the 150 most common), the
/// characters usual in given names, and every character of the demo college's name book.
public enum Pinyin {
    /// The pinyin of a whole name, surname first, without spaces: `Pinyin.of("张伟") == "zhangwei"`.
    public static func of(_ name: String) -> String? {
        guard let parts = parts(of: name) else { return nil }
        return parts.surname + parts.givenName
    }

    /// The pinyin of the surname and of the given name separately: 欧阳修 → (`ouyang`, `xiu`). The given name
    /// is empty for a name of one character.
    public static func parts(of name: String) -> (surname: String, givenName: String)? {
        let characters = name.filter { !$0.isWhitespace && !separators.contains($0) }.map { $0 }
        guard let first = characters.first else { return nil }
        var surnameLength = 1
        let surname: String
        if characters.count >= 3, let compound = compoundSurnames[String(characters[0...1])] {
            surname = compound
            surnameLength = 2
        } else if let reading = surnameReadings[first] ?? readings[first] {
            surname = reading
        } else {
            return nil
        }
        var givenName = ""
        for character in characters.dropFirst(surnameLength) {
            guard let reading = readings[character] else { return nil }
            givenName += reading
        }
        return (surname, givenName)
    }

    /// Characters that join the parts of a transliterated name.
    static let separators: Set<Character> = ["·", "•", "・", "‧", "\u{00B7}"]

    /// The reading of every known character anywhere in a name.
    static let readings: [Character: String] = parse(table)
    /// Readings a character takes as a (single-character) surname, where they differ from `readings`.
    static let surnameReadings: [Character: String] = parse(surnameTable)
    /// Two-character surnames and their readings.
    static let compoundSurnames: [String: String] = {
        var result: [String: String] = [:]
        for line in compoundSurnameTable.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 2 else { continue }
            result[String(fields[1])] = String(fields[0])
        }
        return result
    }()

    /// Reads lines of `syllable characters…`; the first line naming a character wins.
    static func parse(_ text: String) -> [Character: String] {
        var result: [Character: String] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard let syllable = fields.first else { continue }
            for group in fields.dropFirst() {
                for character in group where result[character] == nil {
                    result[character] = String(syllable)
                }
            }
        }
        return result
    }

    /// One line per syllable: the syllable, then every character read that way. Each character appears once.
    static let table = """
        a 阿
        ai 爱艾蔼霭
        an 安岸庵桉
        ang 昂
        ao 奥傲澳敖翱
        ba 巴八芭霸
        bai 白柏百佰
        ban 班斑般
        bang 邦帮
        bao 包宝保鲍葆豹
        bei 贝北蓓倍备
        ben 本贲
        bi 毕碧璧必弼闭
        bian 边卞
        biao 彪标
        bin 彬斌宾滨缤
        bing 冰兵炳秉丙
        bo 博波伯勃渤薄泊
        bu 卜步布
        cai 蔡才彩材财采
        can 灿璨参
        cang 仓苍
        cao 曹草操
        ce 策
        cen 岑
        ceng 曾
        cha 查
        chai 柴
        chan 婵蝉
        chang 常昌畅长倡嫦
        chao 超潮巢晁
        che 车彻澈
        chen 陈晨辰宸臣琛忱谌
        cheng 程成诚城承呈澄橙骋
        chi 池迟驰赤持
        chong 崇冲充宠
        chou 仇
        chu 楚初储褚础
        chuan 川传船钏
        chuang 创
        chun 春淳纯醇椿
        ci 慈词瓷
        cong 丛聪葱琮
        cui 崔翠萃璀
        cun 村存
        da 达大
        dai 戴代黛岱
        dan 丹单旦淡但
        dang 党
        dao 道刀
        de 德
        deng 邓登灯
        di 狄迪笛邸娣棣第
        dian 典殿甸滇
        diao 刁
        ding 丁鼎定
        dong 东董冬栋
        dou 窦豆
        du 杜都渡笃独
        duan 段端
        dun 敦盾
        duo 朵多铎
        e 鄂娥峨
        en 恩
        er 尔儿二
        fa 发法
        fan 范樊帆凡繁梵璠藩
        fang 方房芳舫
        fei 费飞菲斐妃霏
        fen 芬
        feng 冯风峰锋丰凤枫封奉烽
        fu 付傅符富福甫伏扶芙馥复府
        gai 盖
        gan 甘干淦赣
        gang 刚钢港
        gao 高郜皋
        ge 葛戈格歌阁鸽
        gen 根
        geng 耿庚
        gong 龚宫弓公恭巩功
        gou 苟勾缑
        gu 谷古顾固鼓辜
        guan 关管冠官
        guang 广光
        gui 桂贵归
        guo 郭国果过
        ha 哈
        hai 海
        han 韩寒汉涵翰函晗含瀚罕
        hang 航杭
        hao 郝浩豪皓昊好灏
        he 何贺和荷河赫禾合鹤
        hei 黑
        heng 恒衡亨
        hong 洪红宏鸿虹弘泓
        hou 侯厚后
        hu 胡虎呼湖扈护沪
        hua 华花桦骅
        huai 怀淮
        huan 欢环焕桓郇
        huang 黄皇煌凰璜
        hui 辉慧惠晖会汇卉蕙徽
        huo 霍火
        ji 纪季姬吉冀嵇计基积继济骥佶霁忌
        jia 贾嘉家佳甲
        jian 建健剑坚简鉴俭
        jiang 江姜蒋将疆
        jiao 焦娇皎骄角
        jie 杰洁婕捷解介节揭
        jin 金锦瑾晋靳今津进劲缙
        jing 京晶静景璟菁敬井荆靖婧精经竞
        jiong 炯
        jiu 久九
        ju 居鞠菊举聚句
        juan 娟鹃
        jue 珏觉
        jun 军俊君骏钧峻均
        kai 凯楷开铠恺
        kan 阚侃
        kang 康亢
        ke 柯可科克珂
        kong 孔空
        kou 寇
        kuang 匡邝况旷
        kui 奎魁隗
        kun 坤昆琨
        lai 来莱赖
        lan 兰蓝岚澜斓
        lang 郎朗
        lao 劳
        le 乐
        lei 雷磊蕾
        leng 冷
        li 李黎丽立利莉力理励礼栗俪璃厉
        lian 连廉练莲涟
        liang 梁亮良
        liao 廖辽
        lin 林琳麟霖淋临蔺
        ling 凌玲灵铃龄岭令羚
        liu 刘柳留流琉六
        long 龙隆珑
        lou 娄楼
        lu 卢陆鲁路芦露禄璐鹿逯
        lv 吕律绿旅
        luan 栾
        lun 伦
        luo 罗骆洛珞
        ma 马麻
        mai 麦
        man 满曼蔓
        mao 毛茅茂
        mei 梅美媚玫眉
        meng 孟蒙梦萌猛
        men 门
        mi 米宓秘
        miao 苗缪妙淼
        min 敏民闵珉旻闽
        ming 明铭鸣
        mo 莫墨默沫
        mou 牟
        mu 穆木慕牧沐睦母
        na 娜那
        nai 乃
        nan 南楠男
        neng 能
        ni 倪妮霓
        nian 年
        nie 聂乜
        ning 宁凝柠
        niu 牛钮
        nong 农
        nv 女
        nuo 诺
        ou 欧鸥
        pan 潘盘攀
        pang 庞
        pei 裴佩沛培
        peng 彭鹏蓬
        pi 皮
        pin 品
        ping 平萍屏坪
        pu 蒲浦普朴濮璞
        qi 齐戚祁亓琦启其奇琪棋淇漆祺岐绮七
        qian 钱倩茜芊谦乾千黔
        qiang 强蔷
        qiao 乔桥巧
        qin 秦琴钦勤沁芹
        qing 青清庆卿晴情擎
        qiong 琼穹
        qiu 邱秋丘裘球
        qu 曲屈瞿区渠
        quan 全权泉
        que 阙雀
        qun 群
        ran 冉然苒燃
        rao 饶
        ren 任仁人
        ri 日
        rong 荣容蓉戎融榕溶
        rou 柔
        ru 茹如儒汝
        ruan 阮
        rui 瑞睿锐芮蕊
        run 润
        ruo 若
        sa 萨
        san 三
        sang 桑
        sen 森
        sha 沙莎
        shan 山珊杉姗善闪
        shang 尚商上
        shao 邵少韶绍
        she 佘
        shen 沈申深慎莘神
        sheng 盛胜晟圣生升
        shi 石史施师时诗士世适实十
        shou 寿守
        shu 舒书淑束树姝蜀
        shuai 帅
        shuang 双爽霜
        shui 水
        shun 顺舜
        shuo 硕烁
        si 司斯思丝四
        song 宋松嵩颂
        su 苏素粟宿肃
        sui 隋岁穗遂
        sun 孙
        suo 索
        tai 台太泰邰
        tan 谭覃檀坦谈
        tang 唐汤棠
        tao 陶涛桃韬滔
        teng 滕腾
        tian 田天甜恬
        tie 铁
        ting 婷庭亭廷霆
        tong 童佟彤桐通同瞳仝
        tu 涂屠图土
        tuo 拓
        wan 万宛婉琬皖晚
        wang 王汪望旺
        wei 魏韦卫伟威薇维为炜玮微蔚巍唯尉位危
        wen 文温闻雯
        weng 翁
        wu 吴武伍巫乌邬吾梧舞悟五无
        xi 席奚溪曦希汐熙西喜夕惜晰玺
        xia 夏霞
        xian 冼鲜贤仙娴闲先弦咸显宪献
        xiang 向项相祥翔香湘
        xiao 肖萧晓小笑筱孝霄潇
        xie 谢协
        xin 辛信欣新心鑫馨昕歆芯
        xing 邢星兴幸杏
        xiong 熊雄
        xiu 修秀
        xu 徐许胥旭虚须绪栩煦
        xuan 宣轩萱璇煊玄暄炫瑄
        xue 薛雪学
        xun 勋寻荀迅逊
        ya 亚雅娅
        yan 严颜闫燕阎言艳妍彦岩晏焰琰嫣延炎焱鄢
        yang 杨阳洋羊扬仰
        yao 姚尧瑶耀曜垚
        ye 叶烨冶业野晔
        yi 易伊艺奕依毅逸一怡仪宜义益翼亦意熠衣
        yin 尹殷银印阴音茵寅
        ying 应英莹颖鹰盈樱迎影映瑛
        yong 雍勇永咏泳镛
        you 尤游有友佑悠幽宥由
        yu 于余俞虞禹郁喻玉宇雨语予瑜钰妤煜渝昱育裕羽於愉豫
        yuan 袁元源远苑园圆媛渊原援缘员
        yue 岳越月悦玥跃粤
        yun 云韵芸允运昀
        zan 昝赞
        zang 臧
        ze 泽则
        zha 扎
        zhai 翟
        zhan 詹展湛战占
        zhang 张章彰樟璋
        zhao 赵招照昭朝兆钊召
        zhe 哲浙折
        zhen 甄真珍振震臻贞
        zheng 郑正政铮峥征
        zhi 智志芝之知致植支治枝
        zhong 钟仲忠中种重
        zhou 周舟洲州宙
        zhu 朱诸祝竹珠铸柱
        zhuang 庄壮
        zhuo 卓灼
        zi 紫子梓姿滋
        zong 宗
        zou 邹
        zu 祖
        zuo 左佐
        """

    /// Surname readings that differ from the reading in `table`. Every character here is also in `table`.
    static let surnameTable = """
        shan 单
        zeng 曾
        xie 解
        ou 区
        qiu 仇
        piao 朴
        zha 查
        qin 覃
        ge 盖
        yue 乐
        chao 朝
        chong 种重
        shao 召
        she 折
        po 繁
        bi 秘
        gou 句
        jue 角
        nai 能
        he 黑
        yun 员
        """

    /// Compound surnames, with their readings (尉迟 `yuchi`, 长孙 `zhangsun`, 万俟 `moqi`, 单于 `chanyu`).
    static let compoundSurnameTable = """
        ouyang 欧阳
        sima 司马
        shangguan 上官
        zhuge 诸葛
        dongfang 东方
        huangfu 皇甫
        yuchi 尉迟
        gongsun 公孙
        murong 慕容
        linghu 令狐
        xiahou 夏侯
        zhangsun 长孙
        yuwen 宇文
        situ 司徒
        xuanyuan 轩辕
        duanmu 端木
        dugu 独孤
        nangong 南宫
        ximen 西门
        shentu 申屠
        huyan 呼延
        helian 赫连
        tuoba 拓跋
        baili 百里
        dongguo 东郭
        wenren 闻人
        zhongli 钟离
        zongzheng 宗政
        puyang 濮阳
        gongye 公冶
        taishi 太史
        zhongsun 仲孙
        chunyu 淳于
        zuoqiu 左丘
        sikong 司空
        moqi 万俟
        chanyu 单于
        tantai 澹台
        xianyu 鲜于
        yuezheng 乐正
        liangqiu 梁丘
        diwu 第五
        """
}
