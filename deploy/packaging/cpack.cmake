# The Debian package: binary, unit, example config as conffile, the rules, dashboards and
# migrations, and maintainer scripts that create the service user and register the unit
# with systemd the way debhelper would.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME egovkpi)
set(CPACK_PACKAGE_VENDOR "Sở Thông tin và Truyền thông")
set(CPACK_PACKAGE_CONTACT "egovkpi maintainers <egovkpi@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "e-government KPIs of a province's administrative-reform plan, for Prometheus")
set(CPACK_PACKAGE_DESCRIPTION
    "egovkpi polls the one-stop dossier system, the public-service portal, VNPost's BCCI\n\
tracking and the document-exchange system, stores their records in PostgreSQL and computes\n\
the plan's targets per province, level, district and unit, exposed as Prometheus metrics.")
set(CPACK_PACKAGING_INSTALL_PREFIX "${CMAKE_INSTALL_PREFIX}")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Shared-library dependencies come from dpkg-shlibdeps; adduser is for postinst, procps for
# the unit's ExecReload (/bin/kill; minimal systems lack it).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, procps")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "postgresql (>= 15), prometheus")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus-alertmanager")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(EGOVKPI_CONTROL_DIR "${CMAKE_CURRENT_BINARY_DIR}/debian")
configure_file("${CMAKE_CURRENT_LIST_DIR}/conffiles.in" "${EGOVKPI_CONTROL_DIR}/conffiles" @ONLY)
foreach(script postinst prerm postrm)
  file(COPY "${CMAKE_CURRENT_LIST_DIR}/${script}" DESTINATION "${EGOVKPI_CONTROL_DIR}"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                        WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${EGOVKPI_CONTROL_DIR}/conffiles;${EGOVKPI_CONTROL_DIR}/postinst;${EGOVKPI_CONTROL_DIR}/prerm;${EGOVKPI_CONTROL_DIR}/postrm")

include(CPack)
