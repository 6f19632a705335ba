"""The facts of ../shared/reference/facts.md that generated documents must carry, verbatim.

These strings come from the article, not from the meeting file: a test that compares the
documents with them checks the input encoding as well as the rendering.
"""

CHAIRS = {
    "Nguyễn Duy Ngọc": "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Chủ nhiệm Ủy ban Kiểm tra "
                       "Trung ương, Phó Trưởng ban Chỉ đạo Trung ương",
    "Nguyễn Chí Dũng": "Ủy viên Trung ương Đảng, Phó Thủ tướng Chính phủ",
    "Phạm Gia Túc": "Ủy viên Trung ương Đảng, Phó Chánh Văn phòng Trung ương Đảng",
}
HA_NOI = {
    "Trần Sỹ Thanh": "Ủy viên Trung ương Đảng, Phó Bí thư Thành ủy, Chủ tịch UBND thành phố, "
                     "Phó Trưởng ban Chỉ đạo thành phố",
    "Nguyễn Trọng Đông": "Ủy viên Ban Thường vụ Thành ủy, Phó Chủ tịch UBND thành phố",
}
BODY = ("Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ, đổi mới sáng tạo và "
        "chuyển đổi số")
AGENDA = [
    "Mô hình hợp tác “3 Nhà”",
    "Khu công nghiệp công nghệ cao",
    "Xây dựng đô thị thông minh, thành phố thông minh",
    "Lựa chọn, thu hút 100 chuyên gia giỏi để tham gia những chương trình phát triển trí tuệ "
    "nhân tạo trọng điểm quốc gia",
    "Kiểm điểm 44 nhiệm vụ còn chậm muộn",
]
BREAKDOWN = [
    "5 đầu việc của Văn phòng Trung ương Đảng",
    "3 đầu việc của Bộ Khoa học và Công nghệ",
    "3 đầu việc của các cơ quan đảng ở Trung ương",
    "2 đầu việc của Bộ Nội vụ",
    "2 đầu việc của Bộ Tài chính",
    "1 đầu việc của Quân ủy Trung ương",
    "1 đầu việc của Ban Tổ chức Trung ương",
    "1 đầu việc của Thành ủy Hà Nội và Thành ủy Đà Nẵng",
    "1 đầu việc của Tổ giúp việc Ban Chỉ đạo",
    "1 đầu việc của Bộ Công an",
    "1 đầu việc của Ban Cơ yếu Chính phủ",
]
COUNTS = ["21/44", "44 nhiệm vụ", "19/44", "5 nhóm nội dung", "6 điểm cầu"]
QUOTE_DUNG = ("Nếu hạ tầng xã hội không có, các khu công nghệ cao không phát triển được. Hiện nay, "
              "ở khu công nghệ cao Hòa Lạc có gần 3.000 kỹ sư làm việc nhưng không ai ở lại")
QUOTE_NGOC = "Các công việc này phải hoàn tất trước ngày 28-5 tới"
SESSION = [
    "phiên họp chuyên đề",
    "với Tổ giúp việc và các cơ quan, đơn vị liên quan",
    "chiều ngày 22 tháng 5 năm 2025",
    "trực tuyến",
    "Điểm cầu Trung ương",
    "trụ sở UBND thành phố Hà Nội",
    "đại diện lãnh đạo các sở, ngành của thành phố",
    "phiên họp thứ hai của Ban Chỉ đạo",
    "ngày 4-3",  # the opening speech recalls it; the minutes do not say it again
    "Tô Lâm",
    "Tổng Bí thư, Trưởng ban Chỉ đạo",
    "ngày 28 tháng 5 năm 2025",
    "Thường trực Ban Chỉ đạo",
    "giao ban 6 tháng đầu năm",
]
CITIES = ["Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"]
DISCUSSION = [
    "Khu công nghiệp Công nghệ cao Hòa Lạc",
    "hạ tầng - kỹ thuật cơ bản",
    "khu đô thị khu công nghệ cao",
    "tuyến đường sắt đô thị số 5 (Văn Cao - Hòa Lạc) theo mô hình TOD",
    "quy chế phối hợp chia sẻ dữ liệu",
    "chính quyền điện tử 4.0",
    "định danh điện tử, chữ ký số cá nhân",
    "kho dữ liệu mở",
    "Trung tâm điều hành thông minh (IOC)",
    "Tây Hồ Tây, Đông Anh, Hòa Lạc",
    "4 kiến nghị",
    "doanh nghiệp thử nghiệm sản phẩm mới",
    "hạ tầng xã hội",
    "một quy định chung về phát triển khu công nghệ cao",
]
CONCLUSIONS = [
    "hướng dẫn chung cho 6 thành phố trực thuộc Trung ương",
    "Bộ Khoa học và Công nghệ là cơ quan chủ trì",
    "Nghị quyết số 57-NQ/TƯ của Bộ Chính trị",
    "làm rõ nguyên nhân vì sao chậm muộn",
]


def minutes_facts() -> list[str]:
    """Every fact the minutes carry: the whole article."""
    people = [f"{name}, {titles}" for name, titles in {**CHAIRS, **HA_NOI}.items()]
    return [BODY, *people, *AGENDA, *BREAKDOWN, *COUNTS, QUOTE_DUNG, QUOTE_NGOC, *SESSION,
            *CITIES, *DISCUSSION, *CONCLUSIONS]


def notice_facts() -> list[str]:
    """The notice states who met, where, and what was concluded (not the debate)."""
    people = [f"{name}, {titles}" for name, titles in {**CHAIRS, **HA_NOI}.items()]
    counts = [c for c in COUNTS if c != "19/44"]
    session = [s for s in SESSION if s not in ("ngày 4-3",)]
    return [BODY, *people, *AGENDA, *BREAKDOWN, *counts, QUOTE_NGOC, *session, *CITIES,
            *CONCLUSIONS]
