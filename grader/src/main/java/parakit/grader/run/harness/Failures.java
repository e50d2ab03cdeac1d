package parakit.grader.run.harness;

/** Turns a test's throwable into the sentence a student reads. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable t, int max) {
        String text;
        if (t instanceof UnsupportedOperationException && t.getMessage() != null && t.getMessage().startsWith("TODO")) {
            text = "not implemented yet: " + t.getMessage() + " is still the skeleton's stub";
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
