package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import parakit.support.Hint;

/** Public tests for Q9 (GuardedSection). The grader runs more, hidden ones. */
@Timeout(10)
class GuardedSectionTest {

    @Test
    @Hint("Both variants run the body once and return what it returned: see the lesson's Q9.")
    void bothVariantsReturnTheBodysResult() {
        GuardedSection g = new GuardedSection();
        assertThat(g.withLock(() -> 41 + 1)).as("withLock's result").isEqualTo(42);
        assertThat(g.withSynchronized(() -> "ok")).as("withSynchronized's result").isEqualTo("ok");
    }

    @Test
    @Hint("The body's exception reaches the caller unchanged, and the guard is released on that path too: see the "
            + "lesson's Q9.")
    void anExceptionReachesTheCallerAndTheGuardIsFreeAgain() {
        GuardedSection g = new GuardedSection();
        assertThatThrownBy(() -> g.withLock(() -> {
            throw new IllegalStateException("boom");
        })).as("exception thrown by the body").hasMessage("boom");
        assertThat(g.withLock(() -> 1)).as("withLock after a body threw").isEqualTo(1);
    }
}
