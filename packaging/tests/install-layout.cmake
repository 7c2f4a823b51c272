# SPDX-License-Identifier: MIT
# cmake -DBUILD_DIR=<build> -DPREFIX=<scratch dir> -DAPP_ID=<id> -DBINDIR=bin -DDATADIR=share
#       -DVERSION=<x.y.z> -P install-layout.cmake
# Installs the build tree into a scratch prefix (no DESTDIR, nothing system-wide) and checks that
# every file the desktop needs is there, that the unit points at this prefix and the binary starts.
unset(ENV{DESTDIR})
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "cmake --install failed (${result}):\n${output}")
endif()

set(expected
    ${BINDIR}/persona-studio
    ${DATADIR}/applications/${APP_ID}.desktop
    ${DATADIR}/metainfo/${APP_ID}.metainfo.xml
    ${DATADIR}/icons/hicolor/scalable/apps/persona-studio.svg
    lib/systemd/user/persona-studio.service)
set(missing "")
foreach(file IN LISTS expected)
    if(EXISTS "${PREFIX}/${file}")
        message(STATUS "ok: ${file}")
    else()
        list(APPEND missing "${file}")
    endif()
endforeach()
if(missing)
    file(GLOB_RECURSE installed RELATIVE "${PREFIX}" "${PREFIX}/*")
    list(JOIN installed "\n  " installed)
    message(FATAL_ERROR "missing after install: ${missing}\ninstalled:\n  ${installed}")
endif()

file(READ "${PREFIX}/lib/systemd/user/persona-studio.service" unit)
string(FIND "${unit}" "\nExecStart=${PREFIX}/${BINDIR}/persona-studio --headless\n" at)
if(at EQUAL -1)
    message(FATAL_ERROR "the unit's ExecStart does not name ${PREFIX}/${BINDIR}/persona-studio:\n${unit}")
endif()

execute_process(COMMAND "${PREFIX}/${BINDIR}/persona-studio" --version
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output TIMEOUT 30)
if(NOT result EQUAL 0 OR NOT output MATCHES "persona-studio ${VERSION}")
    message(FATAL_ERROR "the installed binary did not start (${result}):\n${output}")
endif()
message(STATUS "installed binary: ${output}")
file(REMOVE_RECURSE "${PREFIX}")
