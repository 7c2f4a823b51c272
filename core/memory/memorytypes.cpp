// SPDX-License-Identifier: MIT
#include "memorytypes.h"

#include <QtEndian>

#include <cstring>

using namespace Qt::StringLiterals;

namespace Studio::Memory {

QStringList memoryKinds()
{
    return {QString::fromLatin1(Kind::kFact), QString::fromLatin1(Kind::kEvent), QString::fromLatin1(Kind::kPreference),
            QString::fromLatin1(Kind::kNote)};
}

bool isMemoryKind(const QString &kind)
{
    return memoryKinds().contains(kind);
}

QString visibilityName(Visibility visibility)
{
    return visibility == Visibility::Shared ? u"shared"_s : u"private"_s;
}

std::optional<Visibility> visibilityFromName(const QString &name)
{
    if (name == u"private"_s)
        return Visibility::Private;
    if (name == u"shared"_s)
        return Visibility::Shared;
    return std::nullopt;
}

QByteArray vectorToBlob(const Vector &vector)
{
    QByteArray blob(vector.size() * qsizetype(sizeof(float)), Qt::Uninitialized);
    char *out = blob.data();
    for (const float value : vector) {
        quint32 bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        qToLittleEndian(bits, out);
        out += sizeof bits;
    }
    return blob;
}

Vector vectorFromBlob(const QByteArray &blob, int dimension)
{
    if (dimension <= 0 || blob.size() != qsizetype(dimension) * qsizetype(sizeof(float)))
        return {};
    Vector vector(dimension);
    const char *in = blob.constData();
    for (int i = 0; i < dimension; ++i) {
        const quint32 bits = qFromLittleEndian<quint32>(in);
        std::memcpy(&vector[i], &bits, sizeof bits);
        in += sizeof bits;
    }
    return vector;
}

double dot(const Vector &a, const Vector &b)
{
    if (a.size() != b.size())
        return 0.0;
    double sum = 0.0;
    for (qsizetype i = 0; i < a.size(); ++i)
        sum += double(a.at(i)) * double(b.at(i));
    return sum;
}

} // namespace Studio::Memory
