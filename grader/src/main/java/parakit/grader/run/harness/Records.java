package parakit.grader.run.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The result channel's line format, shared by the harness (writer, in the test JVM) and the runner
 * (reader, in the grader's JVM): {@code <HMAC-SHA256 of json, base64url> <space> <json>}.
 *
 * <p>Why a MAC: student code runs in the same JVM as the harness and may find the results file (it can list
 * the temp folder) and append lines that look like passes. Without the token, which only the grader and the
 * harness know, it cannot produce a valid MAC; such lines are counted as forged and ignored.
 */
public final class Records {

    /** Record types, in the order a run writes them. */
    public static final String HELLO = "HELLO";
    public static final String START = "START";
    public static final String FINISH = "FINISH";
    public static final String TIMEOUT = "TIMEOUT";
    public static final String CLASS_FAILED = "CLASS_FAILED";
    public static final String DIRTY = "DIRTY";
    public static final String END = "END";

    static final ObjectMapper JSON = new ObjectMapper();

    private final Mac mac;

    /** @param tokenHex the run's secret, 64 hex digits */
    public Records(String tokenHex) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(tokenHex), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A signed line (without the newline) for this record. */
    public synchronized String sign(ObjectNode record) {
        String json = record.toString();
        return sig(json) + " " + json;
    }

    /** The record in a line, if its MAC is valid; empty for a forged or damaged line. */
    public synchronized Optional<ObjectNode> verify(String line) {
        int space = line.indexOf(' ');
        if (space <= 0) {
            return Optional.empty();
        }
        String json = line.substring(space + 1);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(line.substring(0, space));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!java.security.MessageDigest.isEqual(given, mac.doFinal(json.getBytes(StandardCharsets.UTF_8)))) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(json));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    public static ObjectNode record(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    private String sig(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
    }
}
