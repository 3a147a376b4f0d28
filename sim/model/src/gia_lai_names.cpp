#include "gia_lai_names.hpp"

#include <array>

namespace egovkpi::sim::gen {
namespace {

constexpr std::array<DepartmentName, 20> kDepartments = {{
    {"Văn phòng UBND tỉnh", "VPUBND"},                      // 01
    {"Sở Nội vụ", "SNV"},                                   // 02
    {"Sở Tư pháp", "STP"},                                  // 03
    {"Sở Kế hoạch và Đầu tư", "SKHĐT"},                     // 04
    {"Sở Tài chính", "STC"},                                // 05
    {"Sở Công Thương", "SCT"},                              // 06
    {"Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT"},  // 07
    {"Sở Giao thông vận tải", "SGTVT"},                     // 08
    {"Sở Xây dựng", "SXD"},                                 // 09
    {"Sở Tài nguyên và Môi trường", "STNMT"},               // 10
    {"Sở Lao động - Thương binh và Xã hội", "SLĐTBXH"},     // 11
    {"Sở Thông tin và Truyền thông", "STTTT"},              // 12
    {"Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"},         // 13
    {"Sở Khoa học và Công nghệ", "SKHCN"},                  // 14
    {"Sở Giáo dục và Đào tạo", "SGDĐT"},                    // 15
    {"Sở Y tế", "SYT"},                                     // 16
    {"Sở Ngoại vụ", "SNgV"},                                // 17
    {"Thanh tra tỉnh", "TTr"},                              // 18
    {"Ban Dân tộc", "BDT"},                                 // 19
    {"Ban Quản lý Khu kinh tế tỉnh", "BQLKKT"},             // 20
}};

constexpr std::array<DistrictName, 17> kDistricts = {{
    {"thành phố", "Pleiku",
     "p:Diên Hồng|p:Hoa Lư|p:Hội Phú|p:Hội Thương|p:Ia Kring|p:Phù Đổng|p:Tây Sơn|"
     "p:Thống Nhất|p:Trà Bá|p:Yên Đỗ|p:Yên Thế|p:Chi Lăng|p:Đống Đa|p:Thắng Lợi|x:An Phú|"
     "x:Biển Hồ|x:Chư Á|x:Chư HDrông|x:Diên Phú|x:Gào|x:Ia Kênh|x:Trà Đa"},
    {"thị xã", "An Khê",
     "p:An Bình|p:An Phú|p:An Phước|p:An Tân|p:Ngô Mây|p:Tây Sơn|x:Cửu An|x:Song An|"
     "x:Thành An|x:Tú An|x:Xuân An"},
    {"thị xã", "Ayun Pa",
     "p:Cheo Reo|p:Đoàn Kết|p:Hòa Bình|p:Sông Bờ|x:Chư Băh|x:Ia Rbol|x:Ia Rtô|x:Ia Sao"},
    {"huyện", "Chư Păh",
     "t:Phú Hòa|t:Ia Ly|x:Hà Tây|x:Ia Khươl|x:Đăk Tơ Ver|x:Ia Kreng|x:Nghĩa Hòa|x:Hòa Phú|"
     "x:Chư Đăng Ya|x:Ia Ka|x:Ia Nhin|x:Nghĩa Hưng|x:Chư Jôr|x:Ia Phí|x:Ia Mơ Nông"},
    {"huyện", "Chư Prông",
     "t:Chư Prông|x:Bàu Cạn|x:Bình Giáo|x:Ia Bang|x:Ia Boòng|x:Ia Drăng|x:Ia Ga|x:Ia Kly|"
     "x:Ia Lâu|x:Ia Me|x:Ia Mơ|x:Ia O|x:Ia Phìn|x:Ia Pia|x:Ia Piơr|x:Ia Púch|x:Ia Tôr|"
     "x:Ia Vê|x:Thăng Hưng"},
    {"huyện", "Chư Pưh",
     "t:Nhơn Hòa|x:Ia Hrú|x:Ia Rong|x:Ia Dreng|x:Ia Hla|x:Chư Don|x:Ia Phang|x:Ia Le|"
     "x:Ia Blứ"},
    {"huyện", "Chư Sê",
     "t:Chư Sê|x:Ia Blang|x:Dun|x:Ia Pal|x:H Bông|x:Ia Glai|x:Ayun|x:Ia Hlốp|x:Ia Tiêm|"
     "x:Bar Măih|x:Bờ Ngoong|x:Ia Ko|x:Albá|x:Chư Pơng|x:Kông Htok"},
    {"huyện", "Đak Đoa",
     "t:Đak Đoa|x:Hà Đông|x:Đak Sơmei|x:Đak Krong|x:Hải Yang|x:Kon Gang|x:Hà Bầu|"
     "x:Nam Yang|x:K'Dang|x:H'Neng|x:Tân Bình|x:Glar|x:A Dơk|x:Trang|x:Hnol|x:Ia Pết|"
     "x:Ia Băng"},
    {"huyện", "Đak Pơ",
     "t:Đak Pơ|x:Hà Tam|x:An Thành|x:Yang Bắc|x:Cư An|x:Tân An|x:Phú An|x:Ya Hội"},
    {"huyện", "Đức Cơ",
     "t:Chư Ty|x:Ia Dơk|x:Ia Krêl|x:Ia Din|x:Ia Kla|x:Ia Dom|x:Ia Lang|x:Ia Kriêng|"
     "x:Ia Pnôn|x:Ia Nan"},
    {"huyện", "Ia Grai",
     "t:Ia Kha|x:Ia Sao|x:Ia Yok|x:Ia Hrung|x:Ia Bă|x:Ia Khai|x:Ia Tô|x:Ia Grăng|"
     "x:Ia Chía|x:Ia O|x:Ia Dêr|x:Ia Pếch|x:Ia Krăi"},
    {"huyện", "Ia Pa",
     "x:Pờ Tó|x:Chư Răng|x:Kim Tân|x:Ia Mrơn|x:Ia Trôk|x:Ia Tul|x:Ia Kdăm|x:Chư Mố|"
     "x:Ia Broăi"},
    {"huyện", "Kbang",
     "t:Kbang|x:Đak Rong|x:Sơn Lang|x:Krong|x:Sơ Pai|x:Lơ Ku|x:Đông|x:Nghĩa An|x:Tơ Tung|"
     "x:Kông Lơng Khơng|x:Kông Pla|x:Đăk Smar|x:Đak HLơ|x:Kông Bờ La"},
    {"huyện", "Kông Chro",
     "t:Kông Chro|x:Chư Krêy|x:An Trung|x:Kông Yang|x:Đăk Tơ Pang|x:SRó|x:Đắk Kơ Ning|"
     "x:Đăk Song|x:Đăk Pling|x:Yang Trung|x:Ya Ma|x:Chơ Long|x:Yang Nam|x:Đăk Pơ Pho"},
    {"huyện", "Krông Pa",
     "t:Phú Túc|x:Ia Rsai|x:Ia Rsươm|x:Chư Gu|x:Đất Bằng|x:Ia Mlăh|x:Chư Drăng|x:Phú Cần|"
     "x:Ia Hdreh|x:Ia Rmok|x:Chư Ngọc|x:Uar|x:Chư Rcăm|x:Krông Năng"},
    {"huyện", "Mang Yang",
     "t:Kon Dơng|x:Ayun|x:Đak Jơ Ta|x:Đak Ta Ley|x:Hra|x:Đăk Yă|x:Đăk Djrăng|x:Lơ Pang|"
     "x:Kon Thụp|x:Đê Ar|x:Kon Chiêng|x:Đăk Trôi"},
    {"huyện", "Phú Thiện",
     "t:Phú Thiện|x:Ia Piar|x:Ia Peng|x:Chrôh Pơnan|x:Ayun Hạ|x:Ia Ake|x:Ia Sol|x:Ia Hiao|"
     "x:Chư A Thai|x:Ia Yeng"},
}};

constexpr std::array<OutsideUnitName, 3> kOutsideUnits = {{
    {"Cục Thuế tỉnh Gia Lai", "CT"},
    {"Bảo hiểm xã hội tỉnh Gia Lai", "BHXH"},
    {"Công an tỉnh Gia Lai", "CAT"},
}};

// Procedure counts follow the shape of the province's 2021 catalogue: about 1,500 at
// province level, 290 at district level and 110 at commune level.
constexpr FieldSpec kFields[] = {
    // --- province level, by department ---
    {"VP-KSTT", "Kiểm soát thủ tục hành chính", 1, 1, 3, 1, 5, 10,
     "Tiếp nhận phản ánh, kiến nghị về quy định hành chính|Công bố danh mục thủ tục hành "
     "chính|Đánh giá tác động thủ tục hành chính"},
    {"NV-TCBM", "Tổ chức bộ máy", 1, 2, 10, 1, 10, 30,
     "Thẩm định thành lập đơn vị sự nghiệp công lập|Thẩm định tổ chức lại đơn vị sự nghiệp "
     "công lập|Thẩm định giải thể đơn vị sự nghiệp công lập|Thẩm định đề án vị trí việc làm"},
    {"NV-CCVC", "Công chức, viên chức", 1, 2, 15, 2, 10, 30,
     "Thi tuyển công chức|Xét tuyển viên chức|Thi nâng ngạch công chức|Xét thăng hạng chức "
     "danh nghề nghiệp viên chức|Tiếp nhận vào làm công chức"},
    {"NV-TDKT", "Thi đua, khen thưởng", 1, 2, 20, 3, 10, 20,
     "Tặng Bằng khen của Chủ tịch UBND tỉnh|Tặng danh hiệu Chiến sĩ thi đua cấp tỉnh|Tặng "
     "Cờ thi đua của UBND tỉnh|Tặng danh hiệu Tập thể lao động xuất sắc|Khen thưởng theo đợt "
     "hoặc chuyên đề"},
    {"NV-TG", "Tín ngưỡng, tôn giáo", 1, 2, 25, 1, 10, 30,
     "Đăng ký hoạt động tín ngưỡng|Đăng ký sinh hoạt tôn giáo tập trung|Thông báo tổ chức lễ "
     "hội tín ngưỡng|Đề nghị tổ chức cuộc lễ ngoài cơ sở tôn giáo|Đăng ký người được bổ nhiệm, "
     "bầu cử chức việc|Đề nghị giảng đạo ngoài địa bàn phụ trách"},
    {"NV-VTLT", "Văn thư, lưu trữ", 1, 2, 5, 1, 3, 10,
     "Cấp chứng chỉ hành nghề lưu trữ|Phục vụ việc sử dụng tài liệu của độc giả tại phòng đọc"},
    {"NV-TCPCP", "Tổ chức phi chính phủ", 1, 2, 10, 1, 15, 30,
     "Công nhận ban vận động thành lập hội|Thành lập hội|Phê duyệt điều lệ hội|Chia, tách, "
     "sáp nhập, hợp nhất hội|Cấp giấy phép thành lập quỹ xã hội, quỹ từ thiện"},
    {"TP-LLTP", "Lý lịch tư pháp", 1, 3, 5, 8, 5, 10,
     "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt "
     "Nam|Cấp Phiếu lý lịch tư pháp cho cơ quan tiến hành tố tụng|Cấp Phiếu lý lịch tư pháp "
     "cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội"},
    {"TP-CC", "Công chứng", 1, 3, 25, 2, 5, 20,
     "Đăng ký hoạt động Văn phòng công chứng|Thành lập Văn phòng công chứng|Đăng ký hành nghề "
     "và cấp Thẻ công chứng viên|Chuyển nhượng Văn phòng công chứng|Hợp nhất Văn phòng công "
     "chứng"},
    {"TP-LS", "Luật sư", 1, 3, 20, 1, 5, 10,
     "Đăng ký hoạt động của tổ chức hành nghề luật sư|Thay đổi nội dung đăng ký hoạt động của "
     "tổ chức hành nghề luật sư|Đăng ký hành nghề luật sư với tư cách cá nhân|Thành lập chi "
     "nhánh của tổ chức hành nghề luật sư"},
    {"TP-DGTS", "Đấu giá tài sản", 1, 3, 15, 1, 5, 10,
     "Đăng ký hoạt động của doanh nghiệp đấu giá tài sản|Cấp Thẻ đấu giá viên|Đăng ký hoạt "
     "động của chi nhánh doanh nghiệp đấu giá tài sản"},
    {"TP-TGPL", "Trợ giúp pháp lý", 1, 3, 15, 1, 3, 10,
     "Yêu cầu trợ giúp pháp lý|Cấp thẻ trợ giúp viên pháp lý|Đăng ký tham gia trợ giúp pháp "
     "lý|Lựa chọn, ký hợp đồng với luật sư"},
    {"TP-QT", "Quốc tịch", 1, 3, 15, 1, 20, 30,
     "Nhập quốc tịch Việt Nam|Trở lại quốc tịch Việt Nam|Thôi quốc tịch Việt Nam|Cấp Giấy xác "
     "nhận có quốc tịch Việt Nam|Cấp Giấy xác nhận là người gốc Việt Nam"},
    {"TP-GDTP", "Giám định tư pháp", 1, 3, 10, 1, 10, 20,
     "Bổ nhiệm giám định viên tư pháp|Miễn nhiệm giám định viên tư pháp|Cấp giấy phép thành "
     "lập Văn phòng giám định tư pháp"},
    {"TP-TPL", "Thừa phát lại", 1, 3, 10, 1, 10, 20,
     "Thành lập Văn phòng Thừa phát lại|Đăng ký hoạt động Văn phòng Thừa phát lại|Đăng ký "
     "hành nghề và cấp Thẻ Thừa phát lại"},
    {"KH-DKDN", "Thành lập và hoạt động doanh nghiệp", 1, 4, 90, 6, 3, 5,
     "Đăng ký thành lập doanh nghiệp tư nhân|Đăng ký thành lập công ty TNHH một thành viên|"
     "Đăng ký thành lập công ty TNHH hai thành viên trở lên|Đăng ký thành lập công ty cổ phần|"
     "Đăng ký thay đổi người đại diện theo pháp luật|Đăng ký thay đổi vốn điều lệ|Đăng ký thay "
     "đổi địa chỉ trụ sở chính|Đăng ký hoạt động chi nhánh, văn phòng đại diện|Thông báo thay "
     "đổi ngành, nghề kinh doanh|Thông báo tạm ngừng kinh doanh|Giải thể doanh nghiệp|Cấp lại "
     "Giấy chứng nhận đăng ký doanh nghiệp"},
    {"KH-DT", "Đầu tư tại Việt Nam", 1, 4, 30, 1, 15, 30,
     "Chấp thuận chủ trương đầu tư|Cấp Giấy chứng nhận đăng ký đầu tư|Điều chỉnh Giấy chứng "
     "nhận đăng ký đầu tư|Chuyển nhượng dự án đầu tư|Giãn tiến độ đầu tư|Chấm dứt hoạt động dự "
     "án đầu tư"},
    {"KH-LHHTX", "Thành lập và hoạt động của liên hiệp hợp tác xã", 1, 4, 15, 1, 5, 5,
     "Đăng ký thành lập liên hiệp hợp tác xã|Đăng ký thay đổi tên, địa chỉ trụ sở chính liên "
     "hiệp hợp tác xã|Giải thể tự nguyện liên hiệp hợp tác xã|Cấp lại giấy chứng nhận đăng ký "
     "liên hiệp hợp tác xã"},
    {"TC-QLG", "Quản lý giá", 1, 5, 10, 1, 5, 15, "Đăng ký giá|Kê khai giá|Hiệp thương giá"},
    {"TC-QLCS", "Quản lý công sản", 1, 5, 12, 1, 10, 30,
     "Quyết định giao tài sản nhà nước|Quyết định thanh lý tài sản công|Quyết định điều chuyển "
     "tài sản công|Quyết định bán tài sản công"},
    {"CT-LTHH", "Lưu thông hàng hóa trong nước", 1, 6, 30, 2, 10, 15,
     "Cấp Giấy phép kinh doanh bán buôn sản phẩm rượu|Cấp Giấy phép kinh doanh bán buôn sản "
     "phẩm thuốc lá|Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ xăng dầu|Cấp Giấy xác "
     "nhận đủ điều kiện làm tổng đại lý kinh doanh xăng dầu|Cấp Giấy phép sản xuất rượu công "
     "nghiệp"},
    {"CT-DIEN", "Điện", 1, 6, 15, 1, 7, 15,
     "Cấp giấy phép hoạt động phân phối điện|Cấp giấy phép hoạt động bán lẻ điện|Cấp thẻ an "
     "toàn điện|Cấp giấy phép hoạt động tư vấn chuyên ngành điện"},
    {"CT-HC", "Hóa chất", 1, 6, 15, 1, 10, 15,
     "Cấp Giấy chứng nhận đủ điều kiện sản xuất hóa chất sản xuất, kinh doanh có điều kiện|"
     "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hóa chất|Thẩm định Kế hoạch phòng ngừa, ứng "
     "phó sự cố hóa chất"},
    {"CT-ATTP", "An toàn thực phẩm", 1, 6, 10, 1, 10, 15,
     "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm|Cấp Giấy xác nhận kiến thức "
     "về an toàn thực phẩm"},
    {"CT-XTTM", "Xúc tiến thương mại", 1, 6, 10, 2, 3, 7,
     "Đăng ký thực hiện khuyến mại|Đăng ký tổ chức hội chợ, triển lãm thương mại|Thông báo "
     "thực hiện khuyến mại"},
    {"CT-KHI", "Kinh doanh khí", 1, 6, 15, 1, 10, 15,
     "Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai|Cấp Giấy chứng nhận đủ điều "
     "kiện trạm nạp LPG vào chai|Cấp Giấy chứng nhận đủ điều kiện thương nhân phân phối khí"},
    {"CT-VLNCN", "Vật liệu nổ công nghiệp", 1, 6, 10, 1, 5, 10,
     "Cấp Giấy phép sử dụng vật liệu nổ công nghiệp|Cấp Giấy chứng nhận huấn luyện kỹ thuật "
     "an toàn vật liệu nổ công nghiệp"},
    {"CT-QLCT", "Quản lý cạnh tranh", 1, 6, 10, 1, 7, 15,
     "Đăng ký hoạt động bán hàng đa cấp tại địa phương|Đăng ký hợp đồng theo mẫu, điều kiện "
     "giao dịch chung"},
    {"NN-TT", "Trồng trọt", 1, 7, 15, 1, 10, 20,
     "Cấp Quyết định công nhận cây mẹ, cây đầu dòng|Cấp Giấy chứng nhận đủ điều kiện sản xuất "
     "phân bón|Cấp Quyết định công nhận lưu hành đặc cách giống cây trồng"},
    {"NN-BVTV", "Bảo vệ thực vật", 1, 7, 15, 1, 5, 15,
     "Cấp Giấy chứng nhận đủ điều kiện buôn bán thuốc bảo vệ thực vật|Cấp Giấy xác nhận nội "
     "dung quảng cáo thuốc bảo vệ thực vật|Cấp Giấy chứng nhận kiểm dịch thực vật nội địa"},
    {"NN-CN", "Chăn nuôi", 1, 7, 15, 1, 10, 20,
     "Cấp Giấy chứng nhận đủ điều kiện chăn nuôi trang trại quy mô lớn|Cấp Giấy chứng nhận đủ "
     "điều kiện sản xuất thức ăn chăn nuôi|Cấp Giấy chứng nhận đủ điều kiện sản xuất con giống "
     "vật nuôi"},
    {"NN-TY", "Thú y", 1, 7, 20, 2, 3, 10,
     "Cấp Giấy chứng nhận kiểm dịch động vật, sản phẩm động vật vận chuyển ra khỏi địa bàn "
     "cấp tỉnh|Cấp chứng chỉ hành nghề thú y|Cấp Giấy chứng nhận cơ sở an toàn dịch bệnh động "
     "vật|Cấp Giấy chứng nhận đủ điều kiện vệ sinh thú y"},
    {"NN-LN", "Lâm nghiệp", 1, 7, 25, 1, 10, 30,
     "Phê duyệt phương án quản lý rừng bền vững|Cấp phép khai thác gỗ rừng trồng|Xác nhận bảng "
     "kê lâm sản|Chuyển loại rừng|Cấp giấy phép trồng cây rừng"},
    {"NN-TS", "Thủy sản", 1, 7, 10, 1, 10, 20,
     "Cấp giấy phép khai thác thủy sản|Cấp Giấy chứng nhận cơ sở đủ điều kiện nuôi trồng thủy "
     "sản|Công nhận và giao quyền quản lý cho tổ chức cộng đồng"},
    {"NN-TL", "Thủy lợi", 1, 7, 15, 1, 10, 30,
     "Cấp giấy phép cho các hoạt động trong phạm vi bảo vệ công trình thủy lợi|Phê duyệt "
     "phương án bảo vệ đập, hồ chứa nước|Phê duyệt quy trình vận hành hồ chứa nước"},
    {"NN-QLCL", "Quản lý chất lượng nông lâm sản và thủy sản", 1, 7, 10, 1, 10, 15,
     "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản|Cấp Giấy xác "
     "nhận kiến thức an toàn thực phẩm"},
    {"GT-DB", "Đường bộ", 1, 8, 80, 5, 3, 10,
     "Đổi Giấy phép lái xe do ngành Giao thông vận tải cấp|Cấp lại Giấy phép lái xe|Cấp phù "
     "hiệu xe ô tô kinh doanh vận tải|Cấp Giấy phép kinh doanh vận tải bằng xe ô tô|Cấp Giấy "
     "phép xe tập lái|Cấp giấy phép lưu hành xe quá tải trọng, xe quá khổ giới hạn|Cấp Giấy "
     "phép thi công công trình trên đường bộ đang khai thác|Đăng ký khai thác tuyến vận tải "
     "hành khách cố định|Chấp thuận thiết kế kỹ thuật nút giao đấu nối vào quốc lộ|Cấp Giấy "
     "chứng nhận giáo viên dạy thực hành lái xe"},
    {"GT-DTND", "Đường thủy nội địa", 1, 8, 25, 1, 3, 10,
     "Đăng ký phương tiện thủy nội địa lần đầu|Đăng ký lại phương tiện thủy nội địa|Xóa Giấy "
     "chứng nhận đăng ký phương tiện thủy nội địa|Công bố hoạt động bến thủy nội địa|Cấp Giấy "
     "phép hoạt động bến khách ngang sông"},
    {"XD-HDXD", "Hoạt động xây dựng", 1, 9, 35, 2, 10, 30,
     "Cấp giấy phép xây dựng mới đối với công trình cấp I, II|Cấp giấy phép xây dựng sửa chữa, "
     "cải tạo công trình|Cấp giấy phép di dời công trình|Điều chỉnh giấy phép xây dựng|Gia hạn "
     "giấy phép xây dựng|Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng|Thẩm định thiết "
     "kế xây dựng triển khai sau thiết kế cơ sở|Cấp chứng chỉ hành nghề hoạt động xây dựng hạng "
     "II, hạng III|Cấp chứng chỉ năng lực hoạt động xây dựng hạng II, hạng III"},
    {"XD-QHXD", "Quy hoạch xây dựng", 1, 9, 10, 1, 15, 30,
     "Cấp giấy phép quy hoạch dự án đầu tư xây dựng|Thẩm định nhiệm vụ, đồ án quy hoạch chi "
     "tiết|Cung cấp thông tin về quy hoạch xây dựng"},
    {"XD-NO", "Nhà ở", 1, 9, 10, 1, 15, 30,
     "Thẩm định giá bán, thuê mua nhà ở xã hội|Cho thuê nhà ở công vụ|Xác định nhà ở đủ điều "
     "kiện được bán, cho thuê mua"},
    {"XD-KDBDS", "Kinh doanh bất động sản", 1, 9, 5, 1, 15, 30,
     "Thông báo nhà ở hình thành trong tương lai đủ điều kiện được bán|Chuyển nhượng toàn bộ "
     "hoặc một phần dự án bất động sản"},
    {"TN-DD", "Đất đai", 1, 10, 40, 4, 10, 30,
     "Đăng ký đất đai, tài sản gắn liền với đất cho tổ chức|Giao đất, cho thuê đất không thông "
     "qua đấu giá|Chuyển mục đích sử dụng đất phải được phép|Gia hạn sử dụng đất ngoài khu công "
     "nghệ cao|Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất|Cấp "
     "đổi Giấy chứng nhận quyền sử dụng đất|Đính chính Giấy chứng nhận đã cấp|Thu hồi đất do "
     "chấm dứt việc sử dụng đất theo pháp luật"},
    {"TN-MT", "Môi trường", 1, 10, 20, 1, 15, 30,
     "Thẩm định báo cáo đánh giá tác động môi trường|Cấp giấy phép môi trường|Xác nhận hoàn "
     "thành công trình bảo vệ môi trường|Cấp sổ đăng ký chủ nguồn thải chất thải nguy hại"},
    {"TN-TNN", "Tài nguyên nước", 1, 10, 20, 1, 15, 30,
     "Cấp giấy phép thăm dò nước dưới đất|Cấp giấy phép khai thác, sử dụng nước mặt|Cấp giấy "
     "phép xả nước thải vào nguồn nước|Gia hạn, điều chỉnh giấy phép khai thác nước dưới đất|"
     "Cấp giấy phép hành nghề khoan nước dưới đất"},
    {"TN-KS", "Khoáng sản", 1, 10, 15, 1, 20, 30,
     "Cấp giấy phép thăm dò khoáng sản|Cấp giấy phép khai thác khoáng sản|Đóng cửa mỏ khoáng "
     "sản|Trả lại giấy phép khai thác khoáng sản"},
    {"TN-DDBD", "Đo đạc, bản đồ và thông tin địa lý", 1, 10, 5, 1, 5, 15,
     "Cung cấp thông tin, dữ liệu, sản phẩm đo đạc và bản đồ|Cấp giấy phép hoạt động đo đạc "
     "và bản đồ"},
    {"LD-LDTL", "Lao động, tiền lương", 1, 11, 20, 1, 5, 10,
     "Cấp giấy phép lao động cho người lao động nước ngoài|Cấp lại giấy phép lao động|Xác "
     "nhận người lao động nước ngoài không thuộc diện cấp giấy phép lao động|Đăng ký nội quy "
     "lao động|Gửi thang lương, bảng lương, định mức lao động"},
    {"LD-VL", "Việc làm", 1, 11, 10, 4, 5, 20,
     "Giải quyết hưởng trợ cấp thất nghiệp|Tạm dừng hưởng trợ cấp thất nghiệp|Chuyển hưởng "
     "trợ cấp thất nghiệp|Hỗ trợ học nghề|Cấp giấy phép hoạt động dịch vụ việc làm"},
    {"LD-GDNN", "Giáo dục nghề nghiệp", 1, 11, 25, 1, 10, 20,
     "Cấp giấy chứng nhận đăng ký hoạt động giáo dục nghề nghiệp|Thành lập trung tâm giáo dục "
     "nghề nghiệp|Cho phép thành lập trường trung cấp tư thục|Công nhận hội đồng quản trị "
     "trường trung cấp"},
    {"LD-ATVSLD", "An toàn, vệ sinh lao động", 1, 11, 8, 1, 5, 10,
     "Khai báo khi đưa vào sử dụng các loại máy, thiết bị có yêu cầu nghiêm ngặt về an toàn "
     "lao động|Cấp giấy chứng nhận đủ điều kiện huấn luyện an toàn lao động hạng B"},
    {"LD-NCC", "Người có công", 1, 11, 20, 2, 10, 20,
     "Giải quyết chế độ trợ cấp thờ cúng liệt sĩ|Giải quyết chế độ mai táng phí đối với cựu "
     "chiến binh|Cấp giấy chứng nhận thân nhân liệt sĩ|Di chuyển hồ sơ người có công|Giải quyết "
     "chế độ ưu đãi đối với người hoạt động cách mạng"},
    {"LD-BTXH", "Bảo trợ xã hội", 1, 11, 15, 1, 10, 20,
     "Thành lập cơ sở trợ giúp xã hội công lập|Cấp giấy phép hoạt động đối với cơ sở trợ giúp "
     "xã hội|Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ "
     "giúp xã hội cấp tỉnh"},
    {"LD-TE", "Trẻ em", 1, 11, 5, 1, 5, 15,
     "Áp dụng các biện pháp can thiệp khẩn cấp hoặc tạm thời cách ly trẻ em|Chấm dứt việc "
     "chăm sóc thay thế cho trẻ em"},
    {"TT-BC", "Báo chí", 1, 12, 20, 1, 5, 15,
     "Cấp giấy phép xuất bản bản tin|Cho phép họp báo|Cấp giấy phép xuất bản đặc san|Văn bản "
     "chấp thuận thay đổi nội dung ghi trong giấy phép xuất bản bản tin"},
    {"TT-XB", "Xuất bản, in và phát hành", 1, 12, 20, 1, 5, 10,
     "Cấp giấy phép xuất bản tài liệu không kinh doanh|Cấp giấy phép hoạt động in|Đăng ký hoạt "
     "động cơ sở in|Cấp giấy phép nhập khẩu xuất bản phẩm không kinh doanh|Cấp giấy phép tổ "
     "chức triển lãm, hội chợ xuất bản phẩm"},
    {"TT-BCH", "Bưu chính", 1, 12, 5, 1, 10, 20,
     "Cấp giấy phép bưu chính|Xác nhận thông báo hoạt động bưu chính"},
    {"TT-VTIN", "Viễn thông và Internet", 1, 12, 5, 1, 5, 10,
     "Cấp giấy chứng nhận đăng ký cung cấp dịch vụ trò chơi điện tử G1 trên mạng|Cấp giấy "
     "chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng"},
    {"TT-PTTH", "Phát thanh, truyền hình và thông tin điện tử", 1, 12, 5, 1, 10, 15,
     "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp|Cấp giấy phép sửa đổi, bổ sung "
     "giấy phép trang thông tin điện tử tổng hợp"},
    {"VH-VH", "Văn hóa", 1, 13, 30, 1, 5, 10,
     "Cấp giấy phép tổ chức biểu diễn nghệ thuật|Cấp giấy phép tổ chức thi người đẹp, người "
     "mẫu|Thông báo tổ chức lễ hội cấp tỉnh|Cấp giấy phép kinh doanh karaoke|Cấp giấy phép "
     "triển lãm mỹ thuật|Cấp giấy phép sao chép tác phẩm mỹ thuật về danh nhân văn hóa"},
    {"VH-TDTT", "Thể dục thể thao", 1, 13, 40, 1, 5, 10,
     "Cấp Giấy chứng nhận đủ điều kiện kinh doanh hoạt động thể thao|Công nhận câu lạc bộ thể "
     "thao chuyên nghiệp|Đăng cai tổ chức giải thi đấu vô địch từng môn thể thao của tỉnh|"
     "Phong tặng danh hiệu vận động viên, huấn luyện viên cấp tỉnh"},
    {"VH-DL", "Du lịch", 1, 13, 30, 1, 5, 10,
     "Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa|Cấp thẻ hướng dẫn viên du lịch nội địa|"
     "Công nhận hạng cơ sở lưu trú du lịch|Công nhận điểm du lịch|Cấp đổi thẻ hướng dẫn viên "
     "du lịch"},
    {"VH-DSVH", "Di sản văn hóa", 1, 13, 15, 1, 10, 20,
     "Cấp giấy phép khai quật khẩn cấp|Cấp chứng chỉ hành nghề tu bổ di tích|Xác nhận đủ điều "
     "kiện cấp giấy phép hoạt động bảo tàng ngoài công lập"},
    {"VH-GD", "Gia đình", 1, 13, 5, 1, 10, 20,
     "Cấp Giấy chứng nhận đăng ký hoạt động cơ sở hỗ trợ nạn nhân bạo lực gia đình|Cấp Giấy "
     "chứng nhận nghiệp vụ chăm sóc nạn nhân bạo lực gia đình"},
    {"KHCN-HD", "Hoạt động khoa học và công nghệ", 1, 14, 25, 1, 10, 20,
     "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ|Đăng ký kết quả thực hiện "
     "nhiệm vụ khoa học và công nghệ|Cấp Giấy chứng nhận doanh nghiệp khoa học và công nghệ|"
     "Thẩm định công nghệ dự án đầu tư"},
    {"KHCN-TDC", "Tiêu chuẩn đo lường chất lượng", 1, 14, 20, 1, 3, 7,
     "Đăng ký công bố hợp chuẩn dựa trên kết quả tự đánh giá|Đăng ký công bố hợp quy|Kiểm "
     "tra nhà nước về chất lượng hàng hóa nhập khẩu|Chứng nhận chuẩn đo lường"},
    {"KHCN-ATBX", "An toàn bức xạ và hạt nhân", 1, 14, 10, 1, 10, 20,
     "Cấp giấy phép tiến hành công việc bức xạ sử dụng thiết bị X-quang chẩn đoán trong y tế|"
     "Cấp chứng chỉ nhân viên bức xạ"},
    {"KHCN-SHTT", "Sở hữu trí tuệ", 1, 14, 5, 1, 10, 20,
     "Cấp Giấy chứng nhận tổ chức đủ điều kiện hoạt động giám định sở hữu công nghiệp|Hỗ trợ "
     "đăng ký bảo hộ nhãn hiệu"},
    {"GD-GDDT", "Giáo dục và Đào tạo thuộc hệ thống giáo dục quốc dân", 1, 15, 70, 1, 5, 20,
     "Cho phép trường trung học phổ thông hoạt động giáo dục|Thành lập trường trung học phổ "
     "thông tư thục|Cấp phép hoạt động giáo dục kỹ năng sống|Cho phép trung tâm ngoại ngữ, tin "
     "học hoạt động giáo dục|Chuyển trường đối với học sinh trung học phổ thông|Xin học lại "
     "tại trường khác đối với học sinh trung học|Cấp giấy chứng nhận đăng ký hoạt động dạy "
     "thêm, học thêm"},
    {"GD-TTS", "Thi, tuyển sinh", 1, 15, 15, 1, 3, 10,
     "Đăng ký dự thi tốt nghiệp trung học phổ thông|Phúc khảo bài thi tốt nghiệp trung học phổ "
     "thông|Xét tuyển sinh vào trường phổ thông dân tộc nội trú"},
    {"GD-VBCC", "Hệ thống văn bằng, chứng chỉ", 1, 15, 15, 2, 3, 5,
     "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc|Chỉnh sửa nội dung văn bằng, chứng chỉ|Công "
     "nhận văn bằng tốt nghiệp do cơ sở giáo dục nước ngoài cấp"},
    {"YT-KCB", "Khám bệnh, chữa bệnh", 1, 16, 60, 1, 10, 30,
     "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh|Cấp giấy phép hoạt động đối với phòng khám "
     "đa khoa|Cấp giấy phép hoạt động đối với phòng khám chuyên khoa|Cấp giấy phép hoạt động "
     "đối với phòng chẩn trị y học cổ truyền|Cấp giấy phép hoạt động đối với cơ sở dịch vụ y "
     "tế|Điều chỉnh phạm vi hoạt động chuyên môn trong chứng chỉ hành nghề"},
    {"YT-DUOC", "Dược phẩm", 1, 16, 50, 2, 10, 30,
     "Cấp Chứng chỉ hành nghề dược|Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho nhà "
     "thuốc|Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược cho quầy thuốc|Cấp giấy xác nhận "
     "nội dung quảng cáo mỹ phẩm|Công bố cơ sở đủ điều kiện thực hiện tư vấn sử dụng thuốc"},
    {"YT-ATTP", "An toàn thực phẩm và dinh dưỡng", 1, 16, 15, 1, 7, 15,
     "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất thực "
     "phẩm|Đăng ký bản công bố sản phẩm|Cấp giấy xác nhận nội dung quảng cáo thực phẩm"},
    {"YT-YTDP", "Y tế dự phòng", 1, 16, 15, 1, 10, 20,
     "Công bố cơ sở đủ điều kiện tiêm chủng|Cấp giấy chứng nhận phòng xét nghiệm đạt tiêu "
     "chuẩn an toàn sinh học cấp II|Cấp giấy chứng nhận đủ điều kiện xét nghiệm khẳng định HIV"},
    {"YT-TTBYT", "Trang thiết bị và công trình y tế", 1, 16, 10, 1, 3, 10,
     "Công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế loại A|Công bố đủ điều kiện mua "
     "bán trang thiết bị y tế loại B, C, D"},
    {"YT-GDYK", "Giám định y khoa", 1, 16, 5, 1, 10, 30,
     "Khám giám định mức độ khuyết tật|Khám giám định thương tật lần đầu do tai nạn lao động"},
    {"NGV-LS", "Công tác lãnh sự", 1, 17, 5, 1, 5, 10,
     "Cử cán bộ, công chức đi công tác nước ngoài|Xin phép đón tiếp đoàn khách nước ngoài|Xác "
     "nhận giấy tờ phục vụ thủ tục lãnh sự"},
    {"NGV-HNHT", "Hội nghị, hội thảo quốc tế", 1, 17, 3, 1, 10, 15,
     "Cho phép tổ chức hội nghị, hội thảo quốc tế không thuộc thẩm quyền cho phép của Thủ "
     "tướng Chính phủ|Báo cáo kết quả tổ chức hội nghị, hội thảo quốc tế"},
    {"TTR-KN", "Giải quyết khiếu nại", 1, 18, 4, 1, 30, 45,
     "Giải quyết khiếu nại lần đầu tại cấp tỉnh|Giải quyết khiếu nại lần hai tại cấp tỉnh"},
    {"TTR-TC", "Giải quyết tố cáo", 1, 18, 3, 1, 30, 60, "Giải quyết tố cáo tại cấp tỉnh"},
    {"TTR-TCD", "Tiếp công dân", 1, 18, 2, 1, 10, 10,
     "Tiếp công dân tại cấp tỉnh|Xử lý đơn tại cấp tỉnh"},
    {"DT-CTDT", "Công tác dân tộc", 1, 19, 4, 1, 10, 20,
     "Công nhận người có uy tín trong đồng bào dân tộc thiểu số|Đưa ra khỏi danh sách người "
     "có uy tín|Xác định xã, thôn vùng đồng bào dân tộc thiểu số"},
    {"KKT-DT", "Đầu tư tại khu kinh tế", 1, 20, 20, 1, 10, 15,
     "Cấp Giấy chứng nhận đăng ký đầu tư trong khu kinh tế|Điều chỉnh Giấy chứng nhận đăng ký "
     "đầu tư trong khu kinh tế|Cấp giấy phép xây dựng trong khu kinh tế"},
    {"KKT-QH", "Quy hoạch xây dựng khu kinh tế", 1, 20, 10, 1, 15, 25,
     "Thẩm định nhiệm vụ quy hoạch chi tiết xây dựng khu chức năng|Cấp giấy phép quy hoạch "
     "trong khu kinh tế"},
    {"KKT-LD", "Lao động trong khu kinh tế", 1, 20, 5, 1, 5, 10,
     "Cấp giấy phép lao động cho người nước ngoài làm việc trong khu kinh tế|Đăng ký nội quy "
     "lao động của doanh nghiệp trong khu kinh tế"},

    // --- district level ---
    {"HT", "Hộ tịch", 2, 0, 25, 5, 3, 10,
     "Đăng ký khai sinh có yếu tố nước ngoài|Đăng ký kết hôn có yếu tố nước ngoài|Đăng ký khai "
     "tử có yếu tố nước ngoài|Đăng ký nhận cha, mẹ, con có yếu tố nước ngoài|Đăng ký thay đổi, "
     "cải chính, bổ sung hộ tịch, xác định lại dân tộc|Ghi vào Sổ hộ tịch việc hộ tịch của công "
     "dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài|Đăng ký giám hộ "
     "có yếu tố nước ngoài|Cấp bản sao trích lục hộ tịch"},
    {"CT", "Chứng thực", 2, 0, 15, 8, 1, 2,
     "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của nước ngoài "
     "cấp|Chứng thực chữ ký người dịch|Chứng thực chữ ký trong các giấy tờ, văn bản|Chứng thực "
     "hợp đồng, giao dịch liên quan đến tài sản là động sản|Chứng thực văn bản thỏa thuận phân "
     "chia di sản|Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực"},
    {"DD", "Đất đai", 2, 0, 40, 10, 10, 30,
     "Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu|Đăng ký biến động quyền sử dụng "
     "đất do chuyển nhượng, tặng cho, thừa kế|Tách thửa hoặc hợp thửa đất|Chuyển mục đích sử "
     "dụng đất đối với hộ gia đình, cá nhân|Cấp đổi Giấy chứng nhận quyền sử dụng đất|Cấp lại "
     "Giấy chứng nhận do bị mất|Đăng ký thế chấp quyền sử dụng đất|Xóa đăng ký thế chấp|Đính "
     "chính Giấy chứng nhận đã cấp|Gia hạn sử dụng đất nông nghiệp"},
    {"XD", "Xây dựng", 2, 0, 15, 3, 10, 20,
     "Cấp giấy phép xây dựng nhà ở riêng lẻ|Cấp giấy phép sửa chữa, cải tạo nhà ở riêng lẻ|"
     "Điều chỉnh giấy phép xây dựng nhà ở riêng lẻ|Gia hạn giấy phép xây dựng|Cấp giấy phép di "
     "dời công trình|Thẩm định báo cáo kinh tế - kỹ thuật đầu tư xây dựng"},
    {"HKD", "Thành lập và hoạt động của hộ kinh doanh", 2, 0, 10, 4, 3, 3,
     "Đăng ký thành lập hộ kinh doanh|Đăng ký thay đổi nội dung đăng ký hộ kinh doanh|Tạm "
     "ngừng hoạt động hộ kinh doanh|Chấm dứt hoạt động hộ kinh doanh|Cấp lại Giấy chứng nhận "
     "đăng ký hộ kinh doanh"},
    {"HTX", "Thành lập và hoạt động của hợp tác xã", 2, 0, 12, 1, 5, 5,
     "Đăng ký thành lập hợp tác xã|Đăng ký thay đổi tên, địa chỉ trụ sở chính hợp tác xã|Giải "
     "thể tự nguyện hợp tác xã|Đăng ký thành lập chi nhánh hợp tác xã|Cấp lại giấy chứng nhận "
     "đăng ký hợp tác xã"},
    {"LTHH", "Lưu thông hàng hóa trong nước", 2, 0, 12, 1, 10, 15,
     "Cấp Giấy phép bán lẻ rượu|Cấp Giấy phép bán lẻ sản phẩm thuốc lá|Cấp Giấy phép sản xuất "
     "rượu thủ công nhằm mục đích kinh doanh|Cấp lại Giấy phép bán lẻ rượu"},
    {"ATTP", "An toàn thực phẩm", 2, 0, 5, 1, 10, 15,
     "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch "
     "vụ ăn uống|Cấp lại Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"},
    {"MT", "Môi trường", 2, 0, 10, 1, 5, 10,
     "Đăng ký kế hoạch bảo vệ môi trường|Xác nhận đề án bảo vệ môi trường đơn giản|Tham vấn "
     "báo cáo đánh giá tác động môi trường"},
    {"TNN", "Tài nguyên nước", 2, 0, 5, 1, 10, 15,
     "Lấy ý kiến UBND cấp huyện đối với dự án đầu tư có chuyển nước từ nguồn nước nội tỉnh|"
     "Đăng ký khai thác nước dưới đất"},
    {"NN", "Nông nghiệp", 2, 0, 15, 1, 5, 15,
     "Phê duyệt kế hoạch khuyến nông địa phương|Hỗ trợ khắc phục thiệt hại do thiên tai trong "
     "sản xuất nông nghiệp|Công nhận làng nghề|Xác nhận nguồn gốc giống cây trồng|Hỗ trợ dự án "
     "liên kết sản xuất"},
    {"LN", "Lâm nghiệp", 2, 0, 8, 1, 5, 15,
     "Phê duyệt hồ sơ thiết kế khai thác gỗ rừng trồng|Xác nhận bảng kê lâm sản|Giao rừng cho "
     "hộ gia đình, cá nhân"},
    {"GD", "Giáo dục và Đào tạo", 2, 0, 35, 2, 5, 15,
     "Thành lập trường mầm non tư thục|Cho phép trường tiểu học hoạt động giáo dục|Chuyển "
     "trường đối với học sinh trung học cơ sở|Xét, duyệt chính sách hỗ trợ đối với học sinh "
     "bán trú|Cấp bằng tốt nghiệp trung học cơ sở|Thành lập nhóm trẻ, lớp mẫu giáo độc lập|Hỗ "
     "trợ ăn trưa đối với trẻ em mẫu giáo"},
    {"NCC", "Người có công", 2, 0, 15, 2, 10, 20,
     "Giải quyết chế độ trợ cấp một lần đối với người được cử làm chuyên gia|Giải quyết chế độ "
     "người có công giúp đỡ cách mạng|Thăm viếng mộ liệt sĩ|Hỗ trợ người có công cải thiện nhà "
     "ở|Giải quyết chế độ ưu đãi trong giáo dục đào tạo"},
    {"BTXH", "Bảo trợ xã hội", 2, 0, 15, 3, 7, 15,
     "Thực hiện, điều chỉnh, thôi hưởng trợ cấp xã hội hàng tháng|Hỗ trợ kinh phí chăm sóc, "
     "nuôi dưỡng đối tượng cần bảo vệ khẩn cấp|Trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở|"
     "Tiếp nhận đối tượng bảo trợ xã hội vào cơ sở trợ giúp xã hội cấp huyện|Cấp giấy phép hoạt "
     "động cơ sở trợ giúp xã hội cấp huyện"},
    {"VHH", "Văn hóa", 2, 0, 10, 1, 5, 10,
     "Cấp Giấy phép đủ điều kiện kinh doanh dịch vụ karaoke|Công nhận Cơ quan đạt chuẩn văn "
     "hóa|Công nhận xã đạt chuẩn văn hóa nông thôn mới|Thông báo tổ chức lễ hội cấp huyện"},
    {"TDTT", "Thể dục thể thao", 2, 0, 5, 1, 5, 10,
     "Công nhận câu lạc bộ thể thao cơ sở|Tổ chức giải thi đấu thể thao cấp huyện"},
    {"TDKT", "Thi đua, khen thưởng", 2, 0, 8, 1, 10, 20,
     "Tặng Giấy khen của Chủ tịch UBND cấp huyện|Tặng danh hiệu Lao động tiên tiến|Tặng danh "
     "hiệu Chiến sĩ thi đua cơ sở|Khen thưởng đột xuất cấp huyện"},
    {"TG", "Tín ngưỡng, tôn giáo", 2, 0, 10, 1, 10, 20,
     "Đăng ký sinh hoạt tôn giáo tập trung trên địa bàn nhiều xã|Thông báo danh mục hoạt động "
     "tôn giáo bổ sung|Đề nghị tổ chức hội nghị thường niên của tổ chức tôn giáo|Đăng ký thuyên "
     "chuyển chức việc"},
    {"KNTC", "Giải quyết khiếu nại, tố cáo", 2, 0, 3, 1, 30, 45,
     "Giải quyết khiếu nại lần đầu tại cấp huyện|Giải quyết tố cáo tại cấp huyện|Tiếp công dân "
     "tại cấp huyện"},
    {"GTVT", "Giao thông vận tải", 2, 0, 8, 1, 5, 10,
     "Cấp phép thi công xây dựng công trình đường bộ trong phạm vi đất dành cho đường bộ|Đăng "
     "ký phương tiện thủy nội địa|Cấp giấy phép lưu hành xe quá tải trọng trên đường huyện"},
    {"YT", "Y tế", 2, 0, 5, 1, 10, 15,
     "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm|Công bố cơ sở đủ điều kiện "
     "tiêm chủng|Tiếp nhận hồ sơ khám giám định y khoa"},
    {"BTNN", "Bồi thường nhà nước", 2, 0, 5, 1, 20, 30,
     "Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công vụ gây "
     "thiệt hại|Phục hồi danh dự|Giải quyết yêu cầu bồi thường tại cơ quan có trách nhiệm bồi "
     "thường"},

    // --- commune level ---
    {"HT", "Hộ tịch", 3, 0, 20, 10, 1, 5,
     "Đăng ký khai sinh|Đăng ký kết hôn|Đăng ký khai tử|Đăng ký nhận cha, mẹ, con|Đăng ký khai "
     "sinh kết hợp nhận cha, mẹ, con|Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch|Cấp "
     "Giấy xác nhận tình trạng hôn nhân|Đăng ký giám hộ|Đăng ký chấm dứt giám hộ|Đăng ký lại "
     "khai sinh|Đăng ký lại kết hôn|Đăng ký lại khai tử|Cấp bản sao trích lục hộ tịch|Đăng ký "
     "khai sinh lưu động|Đăng ký kết hôn lưu động|Liên thông thủ tục đăng ký khai sinh, đăng ký "
     "thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi|Liên thông thủ tục đăng ký khai "
     "tử, xóa đăng ký thường trú, hưởng chế độ tử tuất|Đăng ký khai sinh cho người đã có hồ sơ, "
     "giấy tờ cá nhân|Đăng ký khai tử lưu động|Đăng ký việc nuôi con nuôi trong nước"},
    {"CT", "Chứng thực", 3, 0, 12, 12, 1, 1,
     "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam "
     "cấp|Chứng thực chữ ký trong các giấy tờ, văn bản|Chứng thực hợp đồng, giao dịch liên quan "
     "đến tài sản là động sản|Chứng thực hợp đồng, giao dịch liên quan đến thực hiện quyền của "
     "người sử dụng đất|Chứng thực di chúc|Chứng thực văn bản từ chối nhận di sản|Chứng thực văn "
     "bản thỏa thuận phân chia di sản mà di sản là động sản|Chứng thực việc sửa đổi, bổ sung, "
     "hủy bỏ hợp đồng, giao dịch|Sửa lỗi sai sót trong hợp đồng, giao dịch|Cấp bản sao có chứng "
     "thực từ bản chính hợp đồng, giao dịch đã được chứng thực|Chứng thực chữ ký người thực hiện "
     "chuyển nhượng|Chứng thực hợp đồng thế chấp"},
    {"DD", "Đất đai", 3, 0, 5, 2, 10, 45,
     "Hòa giải tranh chấp đất đai|Xác nhận hộ gia đình, cá nhân trực tiếp sản xuất nông "
     "nghiệp|Xác nhận nguồn gốc đất"},
    {"BTXH", "Bảo trợ xã hội", 3, 0, 12, 3, 5, 15,
     "Đăng ký hoạt động đối với cơ sở trợ giúp xã hội dưới 10 đối tượng|Xác định, xác định lại "
     "mức độ khuyết tật và cấp Giấy xác nhận khuyết tật|Đổi, cấp lại Giấy xác nhận khuyết tật|"
     "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm|Công nhận hộ thoát nghèo, thoát cận "
     "nghèo trong năm|Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội|Trợ giúp xã hội khẩn "
     "cấp về hỗ trợ chi phí mai táng|Đăng ký nhận chăm sóc, nuôi dưỡng đối tượng cần bảo vệ "
     "khẩn cấp"},
    {"NCC", "Người có công", 3, 0, 15, 2, 5, 15,
     "Cấp giấy xác nhận thân nhân của người có công|Giải quyết chế độ mai táng phí đối với "
     "thanh niên xung phong|Giải quyết chế độ trợ cấp thờ cúng liệt sĩ|Xác nhận vào đơn đề nghị "
     "di chuyển hài cốt liệt sĩ|Ủy quyền hưởng trợ cấp, phụ cấp ưu đãi|Giải quyết chế độ đối "
     "với thân nhân liệt sĩ|Thực hiện chế độ ưu đãi trong giáo dục đào tạo đối với người có "
     "công và con của họ"},
    {"TDKT", "Thi đua, khen thưởng", 3, 0, 5, 1, 5, 15,
     "Tặng Giấy khen của Chủ tịch UBND cấp xã|Xét tặng danh hiệu Gia đình văn hóa|Xét tặng "
     "danh hiệu Lao động tiên tiến|Tặng Giấy khen về thành tích đột xuất"},
    {"TG", "Tín ngưỡng, tôn giáo", 3, 0, 8, 1, 5, 15,
     "Đăng ký hoạt động tín ngưỡng|Đăng ký bổ sung hoạt động tín ngưỡng|Đăng ký sinh hoạt tôn "
     "giáo tập trung|Thông báo danh mục hoạt động tôn giáo đối với tổ chức có địa bàn hoạt động "
     "tôn giáo ở một xã|Thông báo tổ chức quyên góp trong địa bàn một xã|Đề nghị thay đổi địa "
     "điểm sinh hoạt tôn giáo tập trung"},
    {"VHH", "Văn hóa", 3, 0, 6, 1, 5, 10,
     "Công nhận Gia đình văn hóa|Công nhận Thôn, Tổ dân phố văn hóa|Thông báo tổ chức lễ hội|"
     "Đăng ký tổ chức lễ hội"},
    {"NN", "Nông nghiệp", 3, 0, 6, 1, 5, 10,
     "Hỗ trợ khôi phục sản xuất vùng bị thiệt hại do dịch bệnh|Phê duyệt đối tượng được hỗ trợ "
     "phát triển sản xuất|Xác nhận hợp đồng tiếp cận nguồn gen"},
    {"GD", "Giáo dục và Đào tạo", 3, 0, 5, 1, 5, 15,
     "Cho phép nhóm trẻ, lớp mẫu giáo độc lập hoạt động giáo dục|Thành lập nhóm trẻ, lớp mẫu "
     "giáo độc lập|Sáp nhập, chia, tách nhóm trẻ, lớp mẫu giáo độc lập"},
    {"PBGDPL", "Phổ biến, giáo dục pháp luật", 3, 0, 5, 1, 3, 10,
     "Công nhận hòa giải viên|Công nhận tổ trưởng tổ hòa giải|Thôi làm hòa giải viên|Thanh "
     "toán thù lao cho hòa giải viên|Công nhận tuyên truyền viên pháp luật"},
    {"KNTC", "Giải quyết khiếu nại, tố cáo", 3, 0, 3, 1, 30, 45,
     "Giải quyết khiếu nại lần đầu tại cấp xã|Giải quyết tố cáo tại cấp xã|Tiếp công dân tại "
     "cấp xã"},
    {"MT", "Môi trường", 3, 0, 2, 1, 5, 10,
     "Tham vấn đánh giá tác động môi trường|Đăng ký kế hoạch bảo vệ môi trường đơn giản"},
    {"LN", "Lâm nghiệp", 3, 0, 3, 1, 5, 10,
     "Xác nhận bảng kê lâm sản có nguồn gốc từ rừng trồng|Phê duyệt khai thác rừng sản xuất "
     "của hộ gia đình|Hỗ trợ đầu tư trồng rừng sản xuất"},
    {"PCTT", "Phòng, chống thiên tai", 3, 0, 3, 1, 3, 10,
     "Đề nghị hỗ trợ khắc phục hậu quả thiên tai|Đăng ký tham gia lực lượng xung kích phòng "
     "chống thiên tai|Hỗ trợ tạm cư, sửa chữa nhà ở sau thiên tai"},
};

constexpr std::array<const char*, 10> kVariants = {
    "",
    " (trường hợp cấp lại)",
    " (trường hợp điều chỉnh, bổ sung)",
    " (trường hợp gia hạn)",
    " đối với tổ chức",
    " đối với cá nhân",
    " (thủ tục rút gọn)",
    " (liên thông)",
    " (trường hợp bị mất, hư hỏng)",
    " (hồ sơ điện tử)",
};

// Central ministries and agencies, and neighbouring provinces' people's committees.
constexpr std::array<ExternalAgency, 16> kExternalAgencies = {{
    {"000.00.00.G01", "VPCP"},
    {"000.00.00.G02", "BNV"},
    {"000.00.00.G03", "BTP"},
    {"000.00.00.G04", "BKHĐT"},
    {"000.00.00.G05", "BTC"},
    {"000.00.00.G06", "BCT"},
    {"000.00.00.G07", "BNNPTNT"},
    {"000.00.00.G08", "BGTVT"},
    {"000.00.00.G09", "BXD"},
    {"000.00.00.G10", "BTNMT"},
    {"000.00.00.G11", "BTTTT"},
    {"000.00.00.G12", "BYT"},
    {"000.00.00.G13", "BGDĐT"},
    {"000.00.00.H23", "UBND"},
    {"000.00.00.H33", "UBND"},
    {"000.00.00.H35", "UBND"},
}};

constexpr std::array<const char*, 20> kSignerNames = {
    "Kpă Thuyên",  "Rơ Mah Tuấn",  "Siu Hương",   "Lê Văn Hải",  "Võ Ngọc Lan",
    "Đỗ Văn An",   "Hồ Thị Mai",   "Phạm Quang",  "Nay Phi La",  "Ksor Bình",
    "Rah Lan Hoa", "Trần Văn Nam", "Lê Thị Hà",   "Vũ Văn Tâm",  "Đinh Hùng",
    "Puih Bơi",    "Lê Kim Toàn",  "Ngô Văn Sơn", "Bùi Thị Hoa", "Hà Văn Lợi",
};

}  // namespace

std::span<const DepartmentName> Departments() { return kDepartments; }
std::span<const DistrictName> Districts() { return kDistricts; }
std::span<const OutsideUnitName> OutsideUnits() { return kOutsideUnits; }
std::span<const FieldSpec> Fields() { return kFields; }
std::span<const char* const> ProcedureVariants() { return kVariants; }
std::span<const ExternalAgency> ExternalAgencies() { return kExternalAgencies; }
std::span<const char* const> SignerNames() { return kSignerNames; }

std::vector<std::string_view> SplitList(std::string_view list) {
  std::vector<std::string_view> items;
  while (!list.empty()) {
    const std::size_t bar = list.find('|');
    items.push_back(list.substr(0, bar));
    if (bar == std::string_view::npos) break;
    list.remove_prefix(bar + 1);
  }
  return items;
}

}  // namespace egovkpi::sim::gen
