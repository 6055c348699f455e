package org.jnas.space;

/** What a {@link ChoiceSpace} sample freezes into: the sample itself, for a user's own builder to read. */
public record ChoiceArchitecture(Sample sample) implements Architecture {
    @Override
    public String toString() {
        return sample.toString();
    }
}
