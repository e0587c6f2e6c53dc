#include "ui/configerrordialog.h"

#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QStyle>
#include <QtWidgets/QVBoxLayout>

namespace tickstock::ui {

ConfigErrorDialog::ConfigErrorDialog(const QStringList &errors, const QStringList &warnings, const QString &configFile,
                                     bool configFileRead, const QString &envFile, QWidget *parent)
    : QDialog(parent)
    , m_details(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("configErrorDialog"));
    setWindowTitle(tr("TickStock Monitor: invalid configuration"));

    auto *icon = new QLabel(this);
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxCritical, nullptr, this).pixmap(size, size));
    icon->setAlignment(Qt::AlignTop);

    auto *heading = new QLabel(this);
    heading->setWordWrap(true);
    heading->setTextFormat(Qt::PlainText);
    heading->setText(errors.size() == 1 ? tr("The configuration has 1 problem. Nothing was started.")
                                        : tr("The configuration has %1 problems. Nothing was started.").arg(errors.size()));
    QFont f = heading->font();
    f.setBold(true);
    heading->setFont(f);

    QStringList sources;
    if (!configFile.isEmpty())
        sources << tr("Config file: %1%2").arg(configFile, configFileRead ? QString() : tr(" (not found)"));
    if (!envFile.isEmpty())
        sources << tr("Env file: %1").arg(envFile);
    sources << tr("Process environment and command-line flags override the files.");
    auto *where = new QLabel(sources.join(QLatin1Char('\n')), this);
    where->setTextFormat(Qt::PlainText);
    where->setWordWrap(true);
    where->setTextInteractionFlags(Qt::TextSelectableByMouse);

    QStringList lines;
    for (const QString &e : errors)
        lines << QStringLiteral("• ") + e;
    if (!warnings.isEmpty()) {
        lines << QString() << tr("Warnings:");
        for (const QString &w : warnings)
            lines << QStringLiteral("• ") + w;
    }
    m_details->setObjectName(QStringLiteral("errors"));
    m_details->setReadOnly(true);
    m_details->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
    m_details->setMinimumSize(m_details->fontMetrics().horizontalAdvance(QLatin1Char('M')) * 48,
                              m_details->fontMetrics().lineSpacing() * std::clamp(int(lines.size()) + 2, 5, 16));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_details->toPlainText()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *text = new QVBoxLayout;
    text->addWidget(heading);
    text->addWidget(where);
    text->addWidget(m_details, 1);
    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);
}

QString ConfigErrorDialog::detailsText() const { return m_details->toPlainText(); }

} // namespace tickstock::ui
