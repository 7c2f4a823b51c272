# SPDX-License-Identifier: MIT
# cmake -DCPACK=<cpack> -DCPACK_CONFIG=<build>/CPackConfig.cmake -DDPKG_DEB=<dpkg-deb>
#       -DDPKG_SHLIBDEPS=<dpkg-shlibdeps> -DOUT_DIR=<scratch dir> -DAPP_ID=<id> -DVERSION=<x.y.z>
#       -P deb-package.cmake
# Builds the DEB into a scratch directory (needs no root, installs nothing) and checks its control
# fields and contents with dpkg-deb.
foreach(tool DPKG_DEB DPKG_SHLIBDEPS)
    if(NOT ${tool} OR NOT EXISTS "${${tool}}")
        message(FATAL_ERROR "${tool} not found: apt-get install dpkg-dev")
    endif()
endforeach()
# CPack's DEB generator runs `file` to find the ELF files it hands to dpkg-shlibdeps.
find_program(FILE_COMMAND file)
if(NOT FILE_COMMAND)
    message(FATAL_ERROR "file not found: apt-get install file")
endif()
unset(ENV{DESTDIR})
file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
execute_process(COMMAND "${CPACK}" -G DEB --config "${CPACK_CONFIG}" -B "${OUT_DIR}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cpack failed (${result})")
endif()
file(GLOB debs "${OUT_DIR}/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one .deb in ${OUT_DIR}, found: ${debs}")
endif()

execute_process(COMMAND "${DPKG_DEB}" -I "${debs}" RESULT_VARIABLE result OUTPUT_VARIABLE info)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -I failed on ${debs}")
endif()
execute_process(COMMAND "${DPKG_DEB}" -c "${debs}" RESULT_VARIABLE result OUTPUT_VARIABLE contents)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "dpkg-deb -c failed on ${debs}")
endif()
message("${info}\n${contents}")

set(problems "")
string(REGEX MATCH "\n Depends: [^\n]*" depends "${info}")
foreach(dependency libqt6sql6-sqlite libqt6core6 libqt6network6 libqt6sql6 libqt6websockets6)
    if(NOT depends MATCHES "[ ,]${dependency}( |,|$)")
        list(APPEND problems "Depends lacks ${dependency}")
    endif()
endforeach()
foreach(field "Package: persona-studio" "Version: ${VERSION}" "Maintainer: " "Section: " "Description: ")
    if(NOT info MATCHES "\n ${field}")
        list(APPEND problems "control lacks '${field}'")
    endif()
endforeach()
foreach(path
        ./usr/bin/persona-studio
        ./usr/share/applications/${APP_ID}.desktop
        ./usr/share/metainfo/${APP_ID}.metainfo.xml
        ./usr/share/icons/hicolor/scalable/apps/persona-studio.svg
        ./usr/lib/systemd/user/persona-studio.service)
    string(REPLACE "." "\\." pattern "${path}")
    if(NOT contents MATCHES " ${pattern}\n")
        list(APPEND problems "package lacks ${path}")
    endif()
endforeach()
if(problems)
    list(JOIN problems "\n  " problems)
    message(FATAL_ERROR "${debs}:\n  ${problems}")
endif()
message(STATUS "ok: ${debs}")
file(REMOVE_RECURSE "${OUT_DIR}")
