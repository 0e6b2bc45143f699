package dev.faramesh.policy.fpl;

import dev.faramesh.policy.Diagnostic;
import dev.faramesh.policy.SourceRef;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors and warnings of one policy file. Each entry keeps the text of its line so
 * the report can show it with a caret without going back to the file.
 */
final class Diagnostics {

  private final String file;
  private final String[] lines;
  private final List<Diagnostic> all = new ArrayList<>();

  Diagnostics(String file, String source) {
    this.file = file;
    this.lines = source.split("\n", -1);
  }

  String file() {
    return file;
  }

  SourceRef at(int line, int column) {
    return new SourceRef(file, line, column);
  }

  void error(int line, int column, String message) {
    add(Diagnostic.Severity.ERROR, line, column, message);
  }

  void error(SourceRef at, String message) {
    add(Diagnostic.Severity.ERROR, at.line(), at.column(), message);
  }

  void warning(SourceRef at, String message) {
    add(Diagnostic.Severity.WARNING, at.line(), at.column(), message);
  }

  private void add(Diagnostic.Severity severity, int line, int column, String message) {
    // Recovery may reach the same spot twice; one report per place and message is enough.
    for (Diagnostic d : all) {
      if (d.at().line() == line && d.at().column() == column && d.message().equals(message)) {
        return;
      }
    }
    String text = line >= 1 && line <= lines.length ? stripCr(lines[line - 1]) : null;
    all.add(new Diagnostic(severity, new SourceRef(file, line, column), message, text));
  }

  boolean hasErrorAfter(int line, int column) {
    for (Diagnostic d : all) {
      if (d.isError() && (d.at().line() > line || (d.at().line() == line && d.at().column() > column))) {
        return true;
      }
    }
    return false;
  }

  boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  int errorCount() {
    return (int) all.stream().filter(Diagnostic::isError).count();
  }

  List<Diagnostic> warningsOnly() {
    return all().stream().filter(d -> !d.isError()).toList();
  }

  List<Diagnostic> all() {
    List<Diagnostic> sorted = new ArrayList<>(all);
    sorted.sort((a, b) -> a.at().line() != b.at().line()
        ? Integer.compare(a.at().line(), b.at().line())
        : Integer.compare(a.at().column(), b.at().column()));
    return sorted;
  }

  private static String stripCr(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
