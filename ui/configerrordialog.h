#pragma once
// Shown instead of the dashboard when the configuration is invalid: every problem at once (key,
// value, why), where the configuration came from, and nothing started.

#include <QtWidgets/QDialog>

class QPlainTextEdit;

namespace tickstock::ui {

class ConfigErrorDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigErrorDialog)
public:
    ConfigErrorDialog(const QStringList &errors, const QStringList &warnings, const QString &configFile,
                      bool configFileRead, const QString &envFile, QWidget *parent = nullptr);

    QString detailsText() const; // what the text box shows

private:
    QPlainTextEdit *m_details;
};

} // namespace tickstock::ui
