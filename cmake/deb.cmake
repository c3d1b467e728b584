# SPDX-License-Identifier: GPL-2.0-or-later
#
# "cpack -G DEB" in a build configured with -DCMAKE_INSTALL_PREFIX=/usr: a
# .deb for the Debian release it was built on. A plugin loads only into the
# Wireshark major.minor it was built for, so the package depends on the very
# libwireshark package (soname and at least this version) it was built
# against, and its file name says which Wireshark it is for.
set(CPACK_PACKAGE_NAME lyncprov)
set(CPACK_PACKAGE_VENDOR "The lyncprov authors")
set(CPACK_PACKAGE_CONTACT "The lyncprov authors")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "why a desk phone cannot sign in to Lync / Skype for Business (Wireshark plugin, pcap-summarize)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
 A Wireshark plugin (protocol lyncprov) and a command-line tool,
 pcap-summarize, that rebuild a desk phone's extension+PIN sign-in from a
 packet capture (DHCP option 43, DNS, CertProv and WebTicket web services,
 SIP) and say what went wrong.")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)

if(LYNCPROV_BUILD_PLUGIN)
  set(CPACK_DEBIAN_PACKAGE_RELEASE "1+ws${LYNCPROV_WS_ABI}")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "tshark | wireshark")
  get_filename_component(epan_location "${LYNCPROV_EPAN_LIBRARY}" REALPATH)
  execute_process(COMMAND dpkg-query -S "${epan_location}"
    OUTPUT_VARIABLE epan_owner OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND epan_owner MATCHES "^([^:]+)(:[^:]+)?: ")
    set(epan_package "${CMAKE_MATCH_1}")
    execute_process(COMMAND dpkg-query -W -f=\${Version} "${epan_package}"
      OUTPUT_VARIABLE epan_version OUTPUT_STRIP_TRAILING_WHITESPACE)
    set(CPACK_DEBIAN_PACKAGE_DEPENDS "${epan_package} (>= ${epan_version})")
  endif()
endif()

include(CPack)
