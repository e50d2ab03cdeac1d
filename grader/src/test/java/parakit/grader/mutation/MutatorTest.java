package parakit.grader.mutation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mutator changes only region code, one change per mutant, with ids that do not depend on line numbers. */
class MutatorTest {

    private static final String SOURCE = """
            package parakit.s;

            public final class Stem {
                private volatile boolean flag;   // outside: never mutated
                public boolean await() throws InterruptedException {
                    // >>> SOLUTION Stem.await
                    // Wait while the flag is clear; "do not lock(" here.
                    lock.lock();
                    try {
                        while (!flag) {
                            changed.await();
                        }
                        changed.signalAll();
                        return flag;
                    } finally {
                        lock.unlock();
                    }
                    // <<< SOLUTION
                }
            }
            """;

    private final List<Mutant> mutants = new Mutator().mutate("s.Stem", "parakit/s/Stem.java", SOURCE);

    @Test
    void mutatesOnlyCodeInsideRegions() {
        assertThat(mutants).isNotEmpty().allSatisfy(m -> {
            assertThat(m.line()).isBetween(8, 17);
            assertThat(m.region()).isEqualTo("Stem.await");
            assertThat(m.edit().text()).isNotEqualTo(SOURCE).contains("private volatile boolean flag;");
        });
    }

    @Test
    void makesTheConcurrencyMutations() {
        assertThat(mutants).extracting(Mutant::id).contains("Stem.await/remove-call/0", "Stem.await/remove-call/1",
                "Stem.await/remove-call/2", "Stem.await/remove-call/3", "Stem.await/while-to-if/0",
                "Stem.await/remove-finally/0", "Stem.await/signalall-to-signal/0", "Stem.await/untimed-to-timed/0",
                "Stem.await/return-constant/0", "Stem.await/negate-condition/0");
        assertThat(after("Stem.await/while-to-if/0")).isEqualTo("if (!flag) {");
        assertThat(after("Stem.await/return-constant/0")).isEqualTo("return false;");
        assertThat(after("Stem.await/negate-condition/0")).isEqualTo("while (!(!flag)) {");
        Mutant noFinally = mutants.stream().filter(m -> m.id().equals("Stem.await/remove-finally/0")).findFirst().orElseThrow();
        assertThat(noFinally.edit().text()).contains("        {\n            while").contains("        } {\n            lock.unlock();");
    }

    @Test
    void idsSurviveLinesAddedAbove() {
        List<Mutant> shifted = new Mutator().mutate("s.Stem", "parakit/s/Stem.java",
                SOURCE.replace("public final class Stem {", "public final class Stem {\n\n    // a comment\n"));
        assertThat(shifted).extracting(Mutant::id).containsExactlyElementsOf(mutants.stream().map(Mutant::id).toList());
        assertThat(shifted.getFirst().line()).isEqualTo(mutants.getFirst().line() + 3);
    }

    private String after(String id) {
        return mutants.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().after();
    }
}
