#pragma once
// The dashboard's persisted layout, typed, over QSettings (organisation "tickstock", application
// "tickstock-monitor" unless a file is given). Defaults live here; nothing else touches QSettings.

#include <QtCore/QByteArray>
#include <QtCore/QSettings>

#include <memory>

namespace tickstock::ui {

class UiSettings final {
public:
    static constexpr int kSchemaVersion = 1;

    UiSettings();                                  // the application's settings
    explicit UiSettings(const QString &iniFile);   // a given file (tests, benchmarks)

    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &value);
    QByteArray windowState() const;                // docks and toolbars
    void setWindowState(const QByteArray &value);
    QByteArray columnSplitterState() const;
    void setColumnSplitterState(const QByteArray &value);
    QByteArray headerState(int connection) const;  // ticker table column widths, order, sort
    void setHeaderState(int connection, const QByteArray &value);
    QByteArray eventLogHeaderState() const;
    void setEventLogHeaderState(const QByteArray &value);

    void sync();

private:
    QByteArray bytes(const QString &key) const;
    void setBytes(const QString &key, const QByteArray &value);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace tickstock::ui
