#include "util/secretmasker.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QUrl>

#include <algorithm>

namespace tickstock {
namespace {
const QByteArray kMask = QByteArrayLiteral("***");

// Bytes of UTF-8: ASCII letters, digits and '_', and every byte of a non-ASCII character.
bool isWordByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') || u == '_';
}

bool escapedByBackslash(const QByteArray &text, qsizetype pos)
{
    qsizetype backslashes = 0;
    while (pos - backslashes > 0 && text.at(pos - backslashes - 1) == '\\')
        ++backslashes;
    return backslashes % 2 == 1;
}
} // namespace

SecretMasker::SecretMasker(const QStringList &secrets)
{
    for (const QString &secret : secrets) {
        if (secret.isEmpty())
            continue;
        const bool wholeToken = secret.size() < kAnywhereLength;
        const QByteArray json = QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact);
        for (const QByteArray &bytes : {secret.toUtf8(), QUrl::toPercentEncoding(secret), json.mid(2).chopped(2)}) {
            auto same = std::find_if(m_forms.begin(), m_forms.end(), [&](const Form &f) { return f.bytes == bytes; });
            if (same == m_forms.end())
                m_forms.append({bytes, wholeToken});
            else
                same->wholeToken = same->wholeToken && wholeToken;
        }
    }
    std::stable_sort(m_forms.begin(), m_forms.end(),
                     [](const Form &a, const Form &b) { return a.bytes.size() > b.bytes.size(); });
}

QString SecretMasker::mask(const QString &text) const
{
    if (m_forms.isEmpty() || text.isEmpty())
        return text;
    const QByteArray utf8 = text.toUtf8();
    const QByteArray masked = apply(utf8, false);
    // Replacing whole UTF-8 sequences keeps the text valid UTF-8.
    return masked.size() == utf8.size() && masked == utf8 ? text : QString::fromUtf8(masked);
}

QByteArray SecretMasker::mask(QByteArray utf8) const { return apply(std::move(utf8), false); }

QByteArray SecretMasker::maskJson(QByteArray json) const { return apply(std::move(json), true); }

QByteArray SecretMasker::apply(QByteArray text, bool json) const
{
    for (const Form &form : m_forms) {
        if (json && form.wholeToken)
            continue;
        const qsizetype n = form.bytes.size();
        qsizetype pos = text.indexOf(form.bytes);
        if (pos < 0)
            continue;
        QByteArray out;
        qsizetype copied = 0; // text[0, copied) is in `out`
        for (; pos >= 0; pos = text.indexOf(form.bytes, pos)) {
            const bool skip = (form.wholeToken
                               && ((isWordByte(form.bytes.front()) && pos > 0 && isWordByte(text.at(pos - 1)))
                                   || (isWordByte(form.bytes.back()) && pos + n < text.size() && isWordByte(text.at(pos + n)))))
                || (json && escapedByBackslash(text, pos));
            if (skip) {
                ++pos;
                continue;
            }
            out.append(text.constData() + copied, pos - copied);
            out.append(kMask);
            pos += n;
            copied = pos;
        }
        if (copied == 0)
            continue;
        out.append(text.constData() + copied, text.size() - copied);
        text = std::move(out);
    }
    return text;
}

} // namespace tickstock
