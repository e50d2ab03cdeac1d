package parakit.grader.report;

import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import parakit.grader.score.GradeReport;
import parakit.grader.score.Status;

/**
 * JUnit XML (the Ant/Surefire dialect CI systems read): one {@code testsuite} per question, one
 * {@code testcase} per graded test; a failed test carries its message and hint. Written with StAX so that
 * any text a student's code printed is escaped correctly.
 */
public final class JunitXmlReport {

    private JunitXmlReport() {
    }

    public static String render(GradeReport r) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "parakit");
            x.writeAttribute("tests", String.valueOf(r.tests().size()));
            x.writeAttribute("failures", String.valueOf(r.tests().stream().filter(t -> t.status() != Status.PASSED).count()));
            for (GradeReport.QuestionResult q : r.questions()) {
                List<GradeReport.TestResult> tests = r.tests().stream().filter(t -> t.question().equals(q.id())).toList();
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", q.id());
                x.writeAttribute("tests", String.valueOf(tests.size()));
                x.writeAttribute("failures", String.valueOf(tests.stream().filter(t -> t.status() != Status.PASSED).count()));
                x.writeAttribute("time", seconds(tests.stream().mapToLong(GradeReport.TestResult::durationMillis).sum()));
                for (GradeReport.TestResult t : tests) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("testcase");
                    x.writeAttribute("classname", q.id());
                    x.writeAttribute("name", t.id() + " (" + t.points() + "/" + t.max() + ")");
                    x.writeAttribute("time", seconds(t.durationMillis()));
                    if (t.status() != Status.PASSED) {
                        x.writeStartElement("failure");
                        x.writeAttribute("type", t.status().name());
                        x.writeAttribute("message", TextTable.clip(firstLine(t.message()), 200));
                        x.writeCharacters(sanitize(t.message() + (t.hint().isBlank() ? "" : "\nhint: " + t.hint())));
                        x.writeEndElement();
                    }
                    x.writeEndElement();
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write JUnit XML", e);
        }
        return out + "\n";
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** XML 1.0 cannot carry most control characters, even escaped; a student's output may contain them. */
    private static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            b.appendCodePoint(ok ? c : '?');
        });
        return b.toString();
    }
}
