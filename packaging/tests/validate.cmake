# SPDX-License-Identifier: MIT
# cmake -DTOOL=<validator> -DPACKAGE=<Debian package> [-DTOOL_ARGS=<a;b>] -DFILE=<file> -P validate.cmake
# Runs a validator on FILE; fails on a non-zero exit or on any "error"/"warning" line (hints and
# AppStream "info" and pedantic notes pass).
if(NOT TOOL OR NOT EXISTS "${TOOL}")
    message(FATAL_ERROR "validator not found (${TOOL}): apt-get install ${PACKAGE}")
endif()
execute_process(COMMAND "${TOOL}" ${TOOL_ARGS} "${FILE}"
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
message("${output}")
if(NOT result EQUAL 0)
    message(FATAL_ERROR "${TOOL} exited with ${result}")
endif()
# desktop-file-validate: "<file>: warning: ..."; appstreamcli: "W: <id>:<line>: ..." / "E: ...".
if(output MATCHES "(: (error|warning):)|(^|\n)[EW]: ")
    message(FATAL_ERROR "${TOOL} reported errors or warnings for ${FILE}")
endif()
