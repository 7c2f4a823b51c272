// SPDX-License-Identifier: MIT
#include "secretid.h"

#include <QByteArray>
#include <QRandomGenerator>

namespace Studio {

QString newSecretId(int bytes)
{
    QByteArray random(qMax(bytes, 16), Qt::Uninitialized);
    // system() is the OS's cryptographic source (getrandom), unlike the seeded global() generator.
    QRandomGenerator *source = QRandomGenerator::system();
    for (char &byte : random)
        byte = char(source->bounded(256));
    return QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace Studio
