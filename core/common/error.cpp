// SPDX-License-Identifier: MIT
#include "error.h"

using namespace Qt::StringLiterals;

namespace Studio {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument: return u"invalid_argument"_s;
    case ErrorCode::NotFound: return u"not_found"_s;
    case ErrorCode::Conflict: return u"conflict"_s;
    case ErrorCode::Busy: return u"busy"_s;
    case ErrorCode::Storage: return u"storage"_s;
    case ErrorCode::LlmUnreachable: return u"llm_unreachable"_s;
    case ErrorCode::LlmModelMissing: return u"llm_model_missing"_s;
    case ErrorCode::LlmHttp: return u"llm_http"_s;
    case ErrorCode::LlmMalformed: return u"llm_malformed"_s;
    case ErrorCode::Timeout: return u"timeout"_s;
    case ErrorCode::Cancelled: return u"cancelled"_s;
    case ErrorCode::TooLarge: return u"too_large"_s;
    case ErrorCode::Internal: return u"internal"_s;
    }
    return u"internal"_s;
}

} // namespace Studio
