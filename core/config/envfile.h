#pragma once
// A `.env` file (--env-file): KEY=VALUE lines as written for docker/compose and python-dotenv.
//
//   # comment                 blank lines and lines starting with '#' are skipped
//   export KEY=value          an optional `export ` prefix is accepted
//   KEY = value  # comment    blanks around key and value are trimmed; " #" starts a comment
//   KEY=abc#def               '#' not preceded by a blank is part of the value
//   KEY="a \"b\"\n"           double quotes: \n \t \r \" \\ \$ escapes, '#' kept
//   KEY='literal $x \n'       single quotes: taken literally
//   KEY=                      empty value
//
// A key that appears twice takes the later value. Problems are reported as "file:line: message".

#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QStringView>

namespace tickstock::config {

struct EnvFileError {
    int line = 0;    // 1-based; 0 = the file itself (cannot be read)
    QString message; // e.g. "expected KEY=VALUE"
};

class EnvFile final {
public:
    // Reads and parses `path`. An unreadable file gives one error with line 0.
    static EnvFile read(const QString &path);
    // Parses `text`; `fileName` only labels the errors.
    static EnvFile parse(QStringView text, const QString &fileName = QString());

    bool ok() const { return m_errors.isEmpty(); }
    const QString &fileName() const { return m_fileName; }
    const QMap<QString, QString> &values() const { return m_values; }
    const QList<EnvFileError> &errorList() const { return m_errors; }
    // "file:line: message" (or "file: message" for line 0), in line order.
    QStringList errors() const;
    // 1-based line of the value in effect for `key`, or 0.
    int lineOf(const QString &key) const { return m_lines.value(key); }

private:
    QString m_fileName;
    QMap<QString, QString> m_values;
    QMap<QString, int> m_lines;
    QList<EnvFileError> m_errors;
};

} // namespace tickstock::config
