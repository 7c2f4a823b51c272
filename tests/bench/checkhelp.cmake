# SPDX-License-Identifier: MIT
# cmake -DBENCH=<program> -DOPTIONS=<a|b|...> -P checkhelp.cmake
# The bench-help tests: <program> --help and <program> -h each exit 0 within 30 s (a bench that
# ran instead of answering takes far longer, or starts a server) and print every name in
# OPTIONS ('|'-separated: option names or positional parameters) and "usage:".
if(NOT BENCH OR NOT OPTIONS)
    message(FATAL_ERROR "usage: cmake -DBENCH=<program> -DOPTIONS=<a|b|...> -P checkhelp.cmake")
endif()
string(REPLACE "|" ";" expected "${OPTIONS};usage:")
foreach(flag --help -h)
    execute_process(COMMAND "${BENCH}" ${flag}
        RESULT_VARIABLE result
        OUTPUT_VARIABLE output
        ERROR_VARIABLE errors
        TIMEOUT 30)
    if(NOT result STREQUAL "0")
        message(FATAL_ERROR "${BENCH} ${flag}: exit '${result}', not 0\nstdout:\n${output}\nstderr:\n${errors}")
    endif()
    foreach(name IN LISTS expected)
        string(FIND "${output}" "${name}" at)
        if(at LESS 0)
            message(FATAL_ERROR "${BENCH} ${flag}: the help does not name '${name}'\nstdout:\n${output}")
        endif()
    endforeach()
    message(STATUS "${BENCH} ${flag}: exit 0, names ${OPTIONS}")
endforeach()
