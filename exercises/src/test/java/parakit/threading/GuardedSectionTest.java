package parakit.threading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Public tests for Q9 (GuardedSection). The grader runs more, hidden ones. */
@Timeout(10)
class GuardedSectionTest {

    @Test
    void bothVariantsReturnTheBodysResult() {
        GuardedSection g = new GuardedSection();
        assertThat(g.withLock(() -> 41 + 1)).as("withLock's result").isEqualTo(42);
        assertThat(g.withSynchronized(() -> "ok")).as("withSynchronized's result").isEqualTo("ok");
    }

    @Test
    void anExceptionReachesTheCallerAndTheGuardIsFreeAgain() {
        GuardedSection g = new GuardedSection();
        assertThatThrownBy(() -> g.withLock(() -> {
            throw new IllegalStateException("boom");
        })).as("exception thrown by the body").hasMessage("boom");
        assertThat(g.withLock(() -> 1)).as("withLock after a body threw").isEqualTo(1);
    }
}
