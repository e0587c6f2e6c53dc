#pragma once
// The one place secrets are masked out of text: feed and Redis error texts, log lines, config
// messages and (as a last line of defence) HTTP bodies.
//
// Rule: every occurrence of a secret is replaced by "***".
//  - A secret of kAnywhereLength characters or more is replaced wherever it occurs, even inside
//    a longer word: a server may glue it to other text ("key=abc…", "abc…invalid").
//  - A shorter secret is replaced only where it stands as a whole token: the character before and
//    the one after are not word characters (ASCII letters, digits, '_'; any non-ASCII character
//    counts as one). A short key would otherwise wreck ordinary words: with the key "ab",
//    "key ab invalid" becomes "key *** invalid" but "about" stays as it is. A short secret
//    glued to a word is therefore not masked; it is also guessable, so nothing of value is lost.
//  - Each secret is also looked for percent-encoded (URLs) and JSON-escaped; the longest form is
//    replaced first, so a secret that contains another is masked whole. Matching is exact (case
//    matters); empty secrets are ignored.

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace tickstock {

class SecretMasker final {
public:
    static constexpr qsizetype kAnywhereLength = 8; // characters

    SecretMasker() = default;
    explicit SecretMasker(const QStringList &secrets);

    bool isEmpty() const { return m_forms.isEmpty(); }
    // The longest form of any secret in bytes: text cut to N characters is masked whole if masked
    // before it is cut to N + longestForm().
    qsizetype longestForm() const { return m_forms.isEmpty() ? 0 : m_forms.front().bytes.size(); }

    QString mask(const QString &text) const;
    QByteArray mask(QByteArray utf8) const;
    // A serialized JSON document: only the secrets masked anywhere, and never right after a
    // backslash, so the document stays valid. Short secrets could match a number, a field name or
    // an escape; they are masked in the text before it becomes JSON.
    QByteArray maskJson(QByteArray json) const;

private:
    struct Form {
        QByteArray bytes;
        bool wholeToken = false; // short secret: only between non-word characters
    };
    QByteArray apply(QByteArray text, bool json) const;

    QList<Form> m_forms; // longest first
};

} // namespace tickstock
