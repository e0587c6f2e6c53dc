#include "config/envfile.h"

#include "util/logging.h"

#include <QtCore/QFile>

#include <optional>

namespace tickstock::config {
namespace {

bool isKeyStart(QChar c)
{
    return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
           || c == QLatin1Char('_');
}

bool isKeyChar(QChar c)
{
    return isKeyStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

bool isValidKey(QStringView key)
{
    if (key.isEmpty() || !isKeyStart(key.front()))
        return false;
    for (QChar c : key) {
        if (!isKeyChar(c))
            return false;
    }
    return true;
}

// Text after a closing quote may only be blanks and a comment.
bool onlyCommentFollows(QStringView rest)
{
    const QStringView t = rest.trimmed();
    return t.isEmpty() || t.front() == QLatin1Char('#');
}

// Parses the value part of a line (after '=' and leading blanks). Returns nullopt and sets
// *error on a syntax problem.
std::optional<QString> parseValue(QStringView raw, QString *error)
{
    if (raw.startsWith(QLatin1Char('"'))) {
        QString value;
        for (qsizetype i = 1; i < raw.size(); ++i) {
            const QChar c = raw[i];
            if (c == QLatin1Char('"')) {
                if (!onlyCommentFollows(raw.mid(i + 1))) {
                    *error = QStringLiteral("unexpected text after the closing quote");
                    return std::nullopt;
                }
                return value;
            }
            if (c == QLatin1Char('\\') && i + 1 < raw.size()) {
                const QChar e = raw[++i];
                switch (e.unicode()) {
                case 'n': value += QLatin1Char('\n'); break;
                case 't': value += QLatin1Char('\t'); break;
                case 'r': value += QLatin1Char('\r'); break;
                case '"':
                case '\\':
                case '$': value += e; break;
                default:
                    value += QLatin1Char('\\');
                    value += e;
                    break;
                }
                continue;
            }
            value += c;
        }
        *error = QStringLiteral("unterminated double-quoted value (values cannot span lines)");
        return std::nullopt;
    }
    if (raw.startsWith(QLatin1Char('\''))) {
        const qsizetype close = raw.indexOf(QLatin1Char('\''), 1);
        if (close < 0) {
            *error = QStringLiteral("unterminated single-quoted value (values cannot span lines)");
            return std::nullopt;
        }
        if (!onlyCommentFollows(raw.mid(close + 1))) {
            *error = QStringLiteral("unexpected text after the closing quote");
            return std::nullopt;
        }
        return raw.mid(1, close - 1).toString();
    }
    // Unquoted: a '#' preceded by a blank starts a comment.
    qsizetype end = raw.size();
    for (qsizetype i = 1; i < raw.size(); ++i) {
        if (raw[i] == QLatin1Char('#') && raw[i - 1].isSpace()) {
            end = i;
            break;
        }
    }
    if (raw.startsWith(QLatin1Char('#')))
        end = 0;
    return raw.left(end).trimmed().toString();
}

} // namespace

EnvFile EnvFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        EnvFile result;
        result.m_fileName = path;
        result.m_errors.append({0, QStringLiteral("cannot read .env file: ") + file.errorString()});
        return result;
    }
    const QByteArray bytes = file.readAll();
    EnvFile result = parse(QString::fromUtf8(bytes), path);
    qCDebug(lcConfig) << "read" << result.m_values.size() << "keys from" << path;
    return result;
}

EnvFile EnvFile::parse(QStringView text, const QString &fileName)
{
    EnvFile result;
    result.m_fileName = fileName;
    int lineNo = 0;
    for (QStringView line : text.split(QLatin1Char('\n'))) {
        ++lineNo;
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        QStringView t = line.trimmed();
        if (lineNo == 1 && t.startsWith(QChar(0xFEFF))) // UTF-8 byte order mark
            t = t.mid(1).trimmed();
        if (t.isEmpty() || t.front() == QLatin1Char('#'))
            continue;
        if (t.startsWith(QLatin1String("export")) && t.size() > 6 && t[6].isSpace())
            t = t.mid(7).trimmed();

        const qsizetype eq = t.indexOf(QLatin1Char('='));
        if (eq < 0) {
            result.m_errors.append({lineNo, QStringLiteral("expected KEY=VALUE")});
            continue;
        }
        const QStringView key = t.left(eq).trimmed();
        if (key.isEmpty()) {
            result.m_errors.append({lineNo, QStringLiteral("missing key before '='")});
            continue;
        }
        if (!isValidKey(key)) {
            result.m_errors.append({lineNo, QStringLiteral("invalid key \"") + key
                                                + QStringLiteral("\" (use letters, digits and '_', not starting "
                                                                 "with a digit)")});
            continue;
        }
        QString error;
        const std::optional<QString> value = parseValue(t.mid(eq + 1).trimmed(), &error);
        if (!value) {
            result.m_errors.append({lineNo, key.toString() + QStringLiteral(": ") + error});
            continue;
        }
        result.m_values.insert(key.toString(), *value);
        result.m_lines.insert(key.toString(), lineNo);
    }
    return result;
}

QStringList EnvFile::errors() const
{
    QStringList lines;
    const QString name = m_fileName.isEmpty() ? QStringLiteral(".env") : m_fileName;
    for (const EnvFileError &e : m_errors) {
        if (e.line > 0)
            lines.append(name + QLatin1Char(':') + QString::number(e.line) + QStringLiteral(": ") + e.message);
        else
            lines.append(name + QStringLiteral(": ") + e.message);
    }
    return lines;
}

} // namespace tickstock::config
