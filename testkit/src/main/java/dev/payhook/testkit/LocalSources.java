package dev.payhook.testkit;

/** The local stack's sources and their dev secrets (docs/DESIGN.md). Never production secrets. */
public final class LocalSources {

    public static final String STRIPE_SECRET = "whsec_payhook_local_stripe_secret";
    public static final String STANDARD_SECRET = "whsec_cGF5aG9vay1sb2NhbC1zdGFuZGFyZC13ZWJob29rcyE=";
    public static final String ADYEN_HMAC_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    public static final String RAZORPAY_SECRET = "payhook_local_razorpay_secret";
    public static final String GENERIC_SECRET = "payhook_local_generic_secret";

    /**
     * The operator token settlement uploads are made with: {@code PAYHOOK_OPERATOR_TOKEN} when set
     * (a stack with its own operators), else the local profile's dev operator.
     */
    public static String operatorToken() {
        String token = System.getenv("PAYHOOK_OPERATOR_TOKEN");
        return token == null || token.isBlank() ? "payhook_local_operator_token" : token;
    }

    private LocalSources() {}
}
