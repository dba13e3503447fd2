package dev.payhook.web.operators;

/**
 * The operator a request was authenticated as: the name their token is configured under, never a
 * name the request itself claims. Controllers take it as
 * {@code @RequestAttribute(Operator.ATTRIBUTE) Operator operator}.
 */
public record Operator(String name) {

    public static final String ATTRIBUTE = "payhook.operator";
}
