"""The columns of the units and members spreadsheets, under the Vietnamese names offices give them."""

from __future__ import annotations

from quantriet.core.sheets.columns import Column, Layout

MEMBER_LAYOUT = Layout(
    kind="members",
    columns=(
        Column("full_name", "Họ và tên", ("Họ tên", "Họ và tên đảng viên", "Họ tên đảng viên")),
        Column("date_of_birth", "Ngày sinh", ("Ngày tháng năm sinh", "Sinh ngày")),
        Column("sex", "Giới tính", ("Nam/Nữ", "Nam, nữ", "Phái")),
        Column(
            "admission_date", "Ngày vào Đảng", ("Ngày kết nạp", "Ngày kết nạp Đảng", "Ngày vào Đảng dự bị")
        ),
        Column(
            "full_membership_date",
            "Ngày chính thức",
            ("Ngày công nhận chính thức", "Ngày chuyển chính thức", "Ngày vào Đảng chính thức"),
            required=False,
        ),
        Column("card_number", "Số thẻ đảng viên", ("Số thẻ", "Số thẻ Đảng", "Số thẻ ĐV"), required=False),
        Column(
            "unit_code", "Mã chi bộ", ("Mã đơn vị", "Mã tổ chức đảng", "Mã nơi sinh hoạt"), required=False
        ),
        Column("unit_name", "Chi bộ", ("Tên chi bộ", "Nơi sinh hoạt", "Chi bộ sinh hoạt"), required=False),
        Column(
            "status", "Tình trạng", ("Trạng thái", "Tình trạng đảng viên", "Loại đảng viên"), required=False
        ),
        # The party member profile (orgs.profile); all optional, a blank cell changes nothing.
        Column("hometown", "Quê quán", ("Nguyên quán",), required=False),
        Column("ethnicity", "Dân tộc", (), required=False),
        Column("religion", "Tôn giáo", (), required=False),
        Column(
            "education",
            "Trình độ giáo dục phổ thông",
            ("Học vấn", "Trình độ học vấn", "Giáo dục phổ thông", "Trình độ văn hóa", "Văn hóa"),
            required=False,
        ),
        Column(
            "specialty",
            "Chuyên môn, nghiệp vụ",
            ("Chuyên môn", "Trình độ chuyên môn", "Trình độ chuyên môn, nghiệp vụ"),
            required=False,
        ),
        Column(
            "political_theory",
            "Lý luận chính trị",
            ("Trình độ lý luận chính trị", "Trình độ LLCT", "LLCT"),
            required=False,
        ),
        Column("occupation", "Nghề nghiệp", ("Nghề nghiệp hiện nay", "Công việc"), required=False),
        Column(
            "id_number",
            "Số CCCD",
            ("CCCD", "Số căn cước", "Số căn cước công dân", "Số định danh cá nhân", "Số CCCD/CMND"),
            required=False,
        ),
        Column("phone", "Điện thoại", ("Số điện thoại", "SĐT", "Di động"), required=False),
        Column("email", "E-mail", ("Email", "Thư điện tử", "Địa chỉ email"), required=False),
    ),
    one_of=(("unit_code", "unit_name"),),
)

UNIT_LAYOUT = Layout(
    kind="units",
    columns=(
        Column("code", "Mã đơn vị", ("Mã", "Mã tổ chức", "Mã tổ chức đảng")),
        Column("name", "Tên đơn vị", ("Tên", "Tên tổ chức", "Tên tổ chức đảng")),
        Column("level", "Cấp", ("Cấp đơn vị", "Cấp tổ chức", "Loại hình tổ chức")),
        Column(
            "parent_code", "Mã đơn vị cấp trên", ("Mã cấp trên", "Mã tổ chức cấp trên", "Trực thuộc (mã)")
        ),
        Column("valid_from", "Ngày thành lập", (), required=False),
        # The place on the unit's papers ("Sông Lam, ngày …"); blank keeps what the unit has.
        Column("locality", "Địa danh", ("Địa danh ghi trên văn bản",), required=False),
        Column(
            "valid_to",
            "Ngày giải thể",
            ("Ngày giải thể / sáp nhập", "Ngày giải thể, sáp nhập", "Ngày sáp nhập"),
            required=False,
        ),
    ),
)

LAYOUTS = {MEMBER_LAYOUT.kind: MEMBER_LAYOUT, UNIT_LAYOUT.kind: UNIT_LAYOUT}
