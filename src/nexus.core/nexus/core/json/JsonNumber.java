package nexus.core.json;

import java.math.BigDecimal;
import java.util.Objects;

/** A JSON number, kept exact so that 64-bit ids and sizes survive a round trip. */
public record JsonNumber(BigDecimal value) implements JsonValue {
    public JsonNumber {
        Objects.requireNonNull(value, "value");
    }

    public static JsonNumber of(long value) {
        return new JsonNumber(BigDecimal.valueOf(value));
    }

    public static JsonNumber of(double value) {
        return new JsonNumber(BigDecimal.valueOf(value));
    }

    /** True for numbers without a fractional part (1, 1.0, 1e3). */
    public boolean isIntegral() {
        return value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0;
    }

    @Override
    public String typeName() {
        return "number";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonNumber other && value.compareTo(other.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }
}
