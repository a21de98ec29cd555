# Debian packages with CPack's DEB generator (scripts/package.sh):
#   newsidx      the tools, the library, systemd units, the config, man pages
#   newsidx-dev  the headers and the CMake package
# Dependencies are found by dpkg-shlibdeps from what the binaries link.

set(newsidx_pkg ${PROJECT_SOURCE_DIR}/packaging)
set(newsidx_man ${CMAKE_CURRENT_BINARY_DIR}/man)
file(MAKE_DIRECTORY ${newsidx_man})
set(newsidx_man_pages "")
set(newsidx_pages newsindex.1 newssearch.1)
if(TARGET newsidx-shardd)
  list(APPEND newsidx_pages newsidx-shardd.1)
endif()
foreach(page ${newsidx_pages})
  # gzip -9n: no name or time in the header, so a rebuild gives the same bytes.
  add_custom_command(OUTPUT ${newsidx_man}/${page}.gz
    COMMAND gzip -9n -c ${newsidx_pkg}/man/${page} > ${newsidx_man}/${page}.gz
    DEPENDS ${newsidx_pkg}/man/${page} VERBATIM)
  list(APPEND newsidx_man_pages ${newsidx_man}/${page}.gz)
endforeach()
add_custom_command(OUTPUT ${newsidx_man}/changelog.gz
  COMMAND gzip -9n -c ${newsidx_pkg}/changelog > ${newsidx_man}/changelog.gz
  DEPENDS ${newsidx_pkg}/changelog VERBATIM)
add_custom_target(newsidx_docs ALL DEPENDS ${newsidx_man_pages} ${newsidx_man}/changelog.gz)
install(FILES ${newsidx_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)

if(NEWSIDX_PACKAGING)
  install(FILES ${newsidx_pkg}/newsidx.service ${newsidx_pkg}/newsidx-views.service ${newsidx_pkg}/newsidx-views.timer
    DESTINATION /lib/systemd/system COMPONENT runtime)
  install(FILES ${newsidx_pkg}/newsidx.conf DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/newsidx COMPONENT runtime)
  install(FILES ${newsidx_pkg}/copyright ${newsidx_man}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/newsidx COMPONENT runtime)
  install(FILES ${newsidx_pkg}/copyright ${newsidx_man}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/newsidx-dev COMPONENT dev)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME newsidx)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "newsidx maintainers <maintainers@newsidx.example>")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://newsidx.example")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME newsidx)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_EXTRA
  ${newsidx_pkg}/postinst ${newsidx_pkg}/prerm ${newsidx_pkg}/postrm ${newsidx_pkg}/conffiles ${newsidx_pkg}/triggers)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION
  "multilingual news search and recommendation engine\nnewsindex and newssearch index and search news articles in every language\nedition and script as one (Kazakh in Cyrillic, Latin and Arabic script,\nRussian, English, Chinese, Uzbek), with related news, Most read from the\nweb server's logs, an HTTP API with Prometheus metrics, and systemd units.")
set(CPACK_DEBIAN_DEV_PACKAGE_NAME newsidx-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "newsidx (= ${PROJECT_VERSION})")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_DESCRIPTION
  "multilingual news search engine (development files)\nThe C++ headers of the newsidx library and its CMake package\n(find_package(newsidx)).")
include(CPack)
