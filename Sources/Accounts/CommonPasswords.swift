import Foundation

/// The passwords people choose most often, which any guessing attack tries first: the well-known global ones and
/// the ones common in China (numbers that sound like “I love you”, keyboard walks, pinyin).
///
/// Guarantees:
/// - Every entry is lowercase and contains no whitespace, so a lowercased password can be looked up directly.
/// - The list is written from general knowledge of published password studies; nothing is downloaded.
enum CommonPasswords {
    /// Whether `password` is on the list, ignoring case.
    static func contains(_ password: String) -> Bool {
        all.contains(password.lowercased())
    }

    /// Every entry.
    static let all: Set<String> = Set(list.split(whereSeparator: \.isWhitespace).map(String.init))

    /// The entries, separated by whitespace and loosely grouped.
    private static let list = """
        123456 12345678 123456789 1234567890 12345 1234 1234567 12345678910 0123456789 123456789a
        111111 1111111 11111111 111111111 1111111111 1111 000000 0000000 00000000 000000000 0000000000 0000
        222222 22222222 333333 33333333 444444 555555 55555555 666666 6666666 66666666 777777 7777777 77777777
        888888 8888888 88888888 999999 99999999 999999999 123123 123123123 123321 123321123 654321 87654321
        987654321 9876543210 112233 11223344 1122334455 121212 12121212 131313 101010 159753 159357 147258
        147258369 147852369 741852963 963852741 789456123 123654789 321654987 12344321 123456123 123456123456
        12341234 123789 456789 456123 147147 123000 100200 31415926 3141592653 110110 110110110 119119 19491001
        2000 2008 2012 2020 2021 2022 2023 2024 2025 2026 696969 112358 246810 13579 1357924680
        5201314 520520 520520520 1314520 5211314 5201314520 52013145201314 7758521 7758258 131421 1314521
        521521 584520 3344520 5203344 1314 520 5201314a a5201314 qq5201314 woaini5201314 iloveyou1314
        woaini woaini1314 woaini520 woaini123 woaini123456 woaini1314520 aini1314 iloveyou iloveu iloveyou1
        iloveyou2 loveyou love love123 loveme lovely lover 1314woaini wodemima mima mima123 nihao nihao123
        nihaoma zhongguo china beijing shanghai guangzhou shenzhen tianjin wuhan chengdu hangzhou nanjing
        wo123456 wang123456 zhang123456 li123456 liu123456 chen123456 yang123456 huang123456 zhao123456
        tianya dearbook xiazhili baidu taobao
        weixin wechat zhifubao alipay tencent huawei xiaomi lenovo haier
        a123456 a1234567 a12345678 a123456789 a12345 a1234 a123123 a111111 a000000 a888888 aa123456 aa123123
        aa12345678 aaa123 aaa123456 123456a 1234567a 12345678a 123456aa 123456abc 123123a 111111a abc123
        abc1234 abc12345 abc123456 abc123456789 123abc abc abcd abcde abcdef abcdefg abcdefgh abcd1234 1234abcd
        abcd123 abc@123 abc!123 aaaaaa aaaaaaaa aaaaaaaaa qqqqqq qqqqqqqq qq123456 qq123456789 qq1234 qq123
        zz123456 asd123 asd123456 asdasd asdasdasd asdasd123 zxc123 zxc123456 qwe123 qwe123456 qwe123qwe
        qwerty qwerty1 qwerty12 qwerty123 qwertyu qwertyui qwertyuiop qwert qwer qwer1234 1234qwer qwer123
        123qwe 123qweasd 123qwe!@# qweasd qweasd123 qweasdzxc qweqwe qwe!@# qazwsx qazwsxedc qazwsx123 1qaz
        1qaz2wsx 1qaz2wsx3edc 1qazxsw2 1qaz@wsx 1qaz!qaz !qaz2wsx !qaz@wsx zaq12wsx zaq1zaq1 zaq1xsw2 2wsx3edc
        1q2w3e 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3 q1w2e3r4 q1w2e3r4t5 1a2b3c 1a2b3c4d a1b2c3 a1b2c3d4
        asdf asdfgh asdfghjk asdfghjkl asdf1234 asdfasdf zxcv zxcvb zxcvbn zxcvbnm zxcvbnm123 zxcvbnm1
        password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword p@55w0rd pa$$word
        pa55word passwd pass pass123 pass1234 mypassword mypass secret secret123 changeme default letmein
        letmein1 admin admin1 admin12 admin123 admin1234 admin888 admin@123 admin123456 administrator
        root root123 root1234 toor test test1 test12 test123 test1234 tester testing guest guest123 user
        user123 user1234 login welcome welcome1 welcome123 hello hello123 hellokitty hi123456 demo demo123
        sa123456 system manager super superuser oracle mysql sql123 server
        monkey dragon master shadow sunshine princess football baseball basketball soccer hockey golf
        superman batman spiderman starwars pokemon naruto doraemon snoopy mickey kitty flower freedom
        whatever trustno1 killer hunter buster harley tigger charlie michael jordan jordan23 jennifer
        jessica ashley nicole amanda daniel thomas robert andrew george matthew joshua michelle maggie
        ginger pepper cheese summer winter autumn spring computer internet samsung apple google microsoft
        mustang ferrari porsche chelsea liverpool arsenal yankees dallas austin thunder taylor matrix
        access biteme killer1 cookie banana chocolate butterfly purple orange silver golden diamond
        angel angel1 baby babygirl sweety sweetheart honey lucky lucky88 happy happy123 family friend
        friends forever qwerty1234 fuckyou 123456789abc good goodluck money money888 rich success
        welcome2024 welcome2025 password2024 password2025 a1234567890 zaq123 nopass null
        """
}
