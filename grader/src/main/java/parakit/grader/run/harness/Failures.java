package parakit.grader.run.harness;

/** Turns a test's throwable into the sentence a student reads. */
final class Failures {

    private Failures() {
    }

    /**
     * How a test failed: NOT_IMPLEMENTED if a stub's {@code TODO} exception is anywhere in the cause chain or was
     * thrown by another thread during the test; EXCEPTION if the code under test threw (in the test's thread, or
     * uncaught in a thread of its own during the test); ASSERTION if only a check of the test failed.
     */
    static String kind(Throwable t, java.util.List<Throwable> uncaught) {
        if (isStub(t) || uncaught.stream().anyMatch(Failures::isStub)) {
            return "NOT_IMPLEMENTED";
        }
        if (!uncaught.isEmpty() || !(t instanceof AssertionError)) {
            return "EXCEPTION";
        }
        return "ASSERTION";
    }

    /** The uncaught exceptions of other threads, first, then the test's own failure. */
    static String describe(Throwable t, java.util.List<Throwable> uncaught, int max) {
        if (uncaught.isEmpty()) {
            return describe(t, max);
        }
        Throwable first = uncaught.getFirst();
        String text = "a thread of the code under test ended with an exception: " + describe(first, max)
                + (uncaught.size() > 1 ? " (and " + (uncaught.size() - 1) + " more)" : "")
                + "\nthen the test failed: " + describe(t, max);
        return text.length() > max ? text.substring(0, max) + " ..." : text;
    }

    private static boolean isStub(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof UnsupportedOperationException && c.getMessage() != null && c.getMessage().startsWith("TODO")) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable t, int max) {
        String text;
        if (isStub(t)) {
            Throwable stub = t;
            while (!(stub instanceof UnsupportedOperationException) && stub.getCause() != null) {
                stub = stub.getCause();
            }
            text = "not implemented yet: " + stub.getMessage() + " is still the skeleton's stub";
        } else if (t instanceof NoSuchMethodError || t instanceof NoSuchFieldError || t instanceof NoClassDefFoundError
                || t instanceof AbstractMethodError || t instanceof IncompatibleClassChangeError) {
            text = "your classes no longer match the skeleton (" + t.getClass().getSimpleName() + ": " + t.getMessage()
                    + "); keep the skeleton's class, method and constructor signatures";
        } else if (t instanceof AssertionError) {
            text = String.valueOf(t.getMessage()).strip();
        } else {
            text = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where(t);
        }
        return text.length() > max ? text.substring(0, max) + " ..." : text;
    }

    /** The first frame in the student's code, so the student knows where their exception came from. */
    private static String where(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            String c = e.getClassName();
            if (c.startsWith("parakit.") && !c.startsWith("parakit.grader.") && !c.endsWith("Test")) {
                return " (at " + e + ")";
            }
        }
        return "";
    }
}
