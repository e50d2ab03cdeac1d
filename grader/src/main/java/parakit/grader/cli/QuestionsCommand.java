package parakit.grader.cli;

import java.util.concurrent.Callable;
import parakit.grader.question.Catalog;
import parakit.grader.question.Question;
import picocli.CommandLine.Command;

/** {@code parakit questions}: what the grader grades. */
@Command(name = "questions", mixinStandardHelpOptions = true,
        description = "Lists the questions the grader knows: id, points (public + hidden), time limit, JVM options, "
                + "whether a speedup check needs dedicated cores, what a test needs that a grading machine may lack "
                + "(such a test ends INCONCLUSIVE without it), static rules.")
final class QuestionsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (Question q : Catalog.load().questions()) {
            long pub = q.tests().stream().filter(t -> t.visibility() == Question.Visibility.PUBLIC).count();
            System.out.printf("%-28s Q%-3d %-46s %3d points, %d public + %d hidden tests, %d s/test%s%n", q.id(), q.number(),
                    q.title(), q.maxPoints(), pub, q.tests().size() - pub, q.timeoutSeconds(),
                    (q.jvmArgs().isEmpty() ? "" : ", JVM " + String.join(" ", q.jvmArgs()))
                            + (q.dedicatedCores() ? ", speedup check on dedicated cores" : "")
                            + (q.needs().isEmpty() ? "" : ", needs " + q.needs()));
            for (Question.Rule r : q.rules()) {
                if (r.kind() == Question.Rule.Kind.ALLOW) {
                    System.out.printf("%32s allows %s (%s)%n", "", r.typeName(), r.why());
                    continue;
                }
                System.out.printf("%32s %s %s.%s in %s%n", "", r.kind() == Question.Rule.Kind.REQUIRE ? "requires" : "forbids",
                        r.typeName().substring(r.typeName().lastIndexOf('.') + 1), r.method(), r.in());
            }
        }
        return 0;
    }
}
