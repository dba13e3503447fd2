package dev.payhook.provider.adyen;

import com.adyen.model.notification.Amount;
import com.adyen.model.notification.NotificationRequestItem;
import com.adyen.util.HMACValidator;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Adyen notifications signed by Adyen's own HMACValidator. */
final class AdyenNotifications {

    static final String KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    static final String OLD_KEY = "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C4B5A69788796A5B4C3D2E1F0";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AdyenNotifications() {}

    static NotificationRequestItem item(
            String psp, String original, String eventCode, boolean success, long value, String currency) {
        return new NotificationRequestItem()
                .setPspReference(psp)
                .setOriginalReference(original)
                .setMerchantAccountCode("PayhookECOM")
                .setMerchantReference("ord_" + psp)
                .setAmount(new Amount().currency(currency).value(value))
                .setEventCode(eventCode)
                .setSuccess(success);
    }

    static ObjectNode json(NotificationRequestItem item, String key) throws Exception {
        ObjectNode json = JSON.createObjectNode().put("pspReference", item.getPspReference());
        if (item.getOriginalReference() != null) {
            json.put("originalReference", item.getOriginalReference());
        }
        json.put("merchantAccountCode", item.getMerchantAccountCode())
                .put("merchantReference", item.getMerchantReference())
                .put("eventCode", item.getEventCode())
                .put("eventDate", "2026-11-20T10:00:00+01:00")
                .put("success", Boolean.toString(item.isSuccess()));
        json.putObject("amount")
                .put("currency", item.getAmount().getCurrency())
                .put("value", item.getAmount().getValue());
        json.putObject("additionalData").put("hmacSignature", new HMACValidator().calculateHMAC(item, key));
        return json;
    }

    static String notification(List<ObjectNode> items) {
        ObjectNode root = JSON.createObjectNode().put("live", "false");
        var array = root.putArray("notificationItems");
        items.forEach(i -> array.addObject().set("NotificationRequestItem", i));
        return JSON.writeValueAsString(root);
    }

    static String notification(NotificationRequestItem item, String key) throws Exception {
        return notification(List.of(json(item, key)));
    }
}
