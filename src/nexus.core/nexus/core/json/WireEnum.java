package nexus.core.json;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An enum with a stable wire name (lower_snake_case) used in JSON and on the command line. */
public interface WireEnum {
    String wire();

    /** The constant whose wire name is {@code text}, or null. */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(text)) {
                return e;
            }
        }
        return null;
    }

    /** "a, b, c" — for error messages. */
    static <E extends Enum<E> & WireEnum> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireEnum::wire).collect(Collectors.joining(", "));
    }
}
