#include "ui/addtickersdialog.h"

#include <QtCore/QRegularExpression>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QVBoxLayout>

namespace tickstock::ui {

QStringList AddTickersDialog::parseTickers(const QString &text, QStringList *invalid)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    static const QRegularExpression valid(QStringLiteral("^[A-Z][A-Z0-9.\\-/:]{0,15}$"));
    QStringList out;
    const QStringList parts = text.split(separators, Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString t = part.trimmed().toUpper();
        if (!valid.match(t).hasMatch()) {
            if (invalid)
                invalid->append(part);
            continue;
        }
        if (!out.contains(t))
            out.append(t);
    }
    return out;
}

AddTickersDialog::AddTickersDialog(const QList<Choice> &connections, int preferred, QWidget *parent)
    : QDialog(parent)
    , m_tickers(new QLineEdit(this))
    , m_connection(new QComboBox(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add tickers"));
    m_tickers->setPlaceholderText(tr("e.g. AAPL, MSFT NVDA"));
    m_tickers->setMinimumWidth(m_tickers->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 28);
    m_connection->addItem(tr("Least-loaded streaming connection"), 0);
    for (const Choice &c : connections)
        m_connection->addItem(c.name, c.connection);
    const int index = m_connection->findData(preferred);
    m_connection->setCurrentIndex(index >= 0 ? index : 0);
    m_problem->setWordWrap(true);
    m_problem->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Subscribe"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Tickers:"), m_tickers);
    form->addRow(tr("&Connection:"), m_connection);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_tickers, &QLineEdit::textChanged, this, &AddTickersDialog::validate);
    validate();
}

void AddTickersDialog::validate()
{
    QStringList invalid;
    const QStringList parsed = parseTickers(m_tickers->text(), &invalid);
    m_problem->setVisible(!invalid.isEmpty());
    m_problem->setText(invalid.isEmpty() ? QString() : tr("Not a ticker: %1").arg(invalid.join(QStringLiteral(", "))));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!parsed.isEmpty() && invalid.isEmpty());
}

QStringList AddTickersDialog::tickers() const { return parseTickers(m_tickers->text()); }

int AddTickersDialog::connection() const { return m_connection->currentData().toInt(); }

} // namespace tickstock::ui
