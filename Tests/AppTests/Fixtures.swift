/// A small college for app tests: two counsellors, a building leader, seven students in two buildings.
enum Fixtures {
    static let staffCSV = """
    工号,姓名,角色,手机号,范围
    T001,王老师,辅导员,13800000001,信息2101;信息2102
    T002,李老师,辅导员,13800000002,机电2101
    T003,张楼长,楼长,13800000003,1号楼
    T004,赵书记,书记,13800000004,机电工程学院

    """

    // English headers in another order, to show any order works.
    static let studentsCSV = """
    name,student_no,college,class,campus,building,floor,room,bed,phone,id_number,counsellor,grid_role,status,gender
    甲一,2021000001,信息工程学院,信息2101,南校区,1号楼,1,101,1,13812345678,11010519491231002X,T001,room_leader,在校,女
    甲二,2021000002,信息工程学院,信息2101,南校区,1号楼,1,101,2,13812345679,,T001,,在校,女
    乙一,2021000003,信息工程学院,信息2102,南校区,1号楼,2,201,1,,,T001,floor_leader,在校,男
    乙二,2021000004,信息工程学院,信息2102,南校区,1号楼,2,202,1,,,T001,,休学,男
    丙一,2021000005,机电工程学院,机电2101,北校区,6号楼,3,301,1,,,T002,,在校,男
    丙二,2021000006,机电工程学院,机电2101,北校区,6号楼,3,301,2,,,T002,,在校,男
    丙三,2021000007,机电工程学院,机电2101,北校区,6号楼,3,302,1,,,T002,,离校,男

    """

    static let allStudents = (1...7).map { "202100000\($0)" }
}
