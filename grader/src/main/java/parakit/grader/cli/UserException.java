package parakit.grader.cli;

/** Bad input from the user: the message names the file and the fix; exit code 1, no stack trace. */
public final class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserException(String message) {
        super(message);
    }
}
