// The SceneLens GUI. Arguments: paths to open (scenes, clouds, COLMAP folders) or to
// reconstruct (photos, folders of photos, a video).
// --screenshot out.png --quit-after-ms N grabs the window after N ms and quits.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QScreen>
#include <QTimer>
#include <cstdio>

#include "ui/MainWindow.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setOrganizationName("SceneLens");
  QApplication::setApplicationName("SceneLens");
  QApplication::setApplicationVersion(SCENELENS_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("SceneLens: photos or a video in, an explorable 3D scene out.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("paths", "Scenes, point clouds, photos, folders or a video.",
                               "[paths...]");
  QCommandLineOption screenshot("screenshot", "Save a screenshot of the window to <file>.", "file");
  QCommandLineOption quit_after("quit-after-ms", "Quit after <ms> milliseconds.", "ms");
  QCommandLineOption size("size", "Window size, WIDTHxHEIGHT (default 1280x800).", "size");
  parser.addOption(screenshot);
  parser.addOption(quit_after);
  parser.addOption(size);
  parser.process(app);

  sl::ui::MainWindow window;
  if (parser.isSet(size)) {
    const QStringList wh = parser.value(size).split('x');
    if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
  }
  window.show();

  const QStringList paths = parser.positionalArguments();
  const bool scripted = parser.isSet(quit_after) || parser.isSet(screenshot);
  QTimer::singleShot(0, &window, [&window, paths, scripted] {
    // Work autosaved by a SceneLens that crashed or was killed is offered first.
    if (!scripted) window.offerRecovery();
    if (!paths.isEmpty()) window.openPaths(paths);
  });

  if (parser.isSet(quit_after) || parser.isSet(screenshot)) {
    bool ok = true;
    const int ms = parser.isSet(quit_after) ? parser.value(quit_after).toInt(&ok) : 3000;
    if (!ok || ms < 0) {
      std::fprintf(stderr, "--quit-after-ms: expected a number of milliseconds, got %s\n",
                   qPrintable(parser.value(quit_after)));
      return 2;
    }
    const QString out = parser.value(screenshot);
    QTimer::singleShot(ms, &window, [&window, out] {
      int rc = 0;
      if (!out.isEmpty()) {
        // QScreen::grabWindow includes the native GL child (Qt3D); QWidget::grab would not.
        QScreen* screen = window.screen();
        const QPixmap shot = screen ? screen->grabWindow(window.winId()) : window.grab();
        if (shot.isNull() || !shot.save(out)) {
          std::fprintf(stderr, "Cannot write the screenshot %s\n", qPrintable(out));
          rc = 1;
        } else {
          std::printf("Screenshot: %s (%dx%d)\n", qPrintable(QFileInfo(out).absoluteFilePath()),
                      shot.width(), shot.height());
        }
      }
      window.close();
      QApplication::exit(rc);
    });
  }
  return app.exec();
}
