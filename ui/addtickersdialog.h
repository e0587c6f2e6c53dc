#pragma once
// "Add tickers": a list of symbols and the connection to subscribe them on (or the least-loaded
// streaming one). Validation happens here; the subscription itself is queued to the feed thread.

#include <QtWidgets/QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace tickstock::ui {

class AddTickersDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddTickersDialog)
public:
    struct Choice {
        int connection = 0; // 0 = least-loaded streaming connection
        QString name;
    };

    AddTickersDialog(const QList<Choice> &connections, int preferred, QWidget *parent = nullptr);

    QStringList tickers() const;
    int connection() const;
    QLineEdit *tickerEdit() const { return m_tickers; }

    // "aapl, msft  nvda" → {"AAPL","MSFT","NVDA"}: split on commas and white space, upper-cased,
    // de-duplicated in order. Anything that cannot be a ticker goes to *invalid.
    static QStringList parseTickers(const QString &text, QStringList *invalid = nullptr);

private:
    void validate();

    QLineEdit *m_tickers;
    QComboBox *m_connection;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace tickstock::ui
