package dev.faramesh.testkit.onepassword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sanctionco.opconnect.OPConnectClient;
import com.sanctionco.opconnect.model.Category;
import com.sanctionco.opconnect.model.Field;
import com.sanctionco.opconnect.model.Item;
import com.sanctionco.opconnect.model.Purpose;
import com.sanctionco.opconnect.model.Vault;
import dev.faramesh.testkit.RandomValues;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.HttpException;

/** Drives the real opconnect-java 0.6.1 client (Retrofit + okhttp) against the server. */
class OnePasswordConnectServerTest {
    private OnePasswordConnectServer server;
    private String vaultId;
    private String itemId;
    private String password;

    @BeforeEach
    void start() {
        server = OnePasswordConnectServer.start();
        vaultId = server.createVault("agents");
        password = RandomValues.secret();
        itemId = server.createItem(vaultId, "stripe", "LOGIN",
                List.of(ItemField.username("svc-agent"), ItemField.password(password)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private OPConnectClient client(String token) {
        return OPConnectClient.builder().withEndpoint(server.baseUrl().toString()).withAccessToken(token)
                .withTimeoutInMilliseconds(1000).build();
    }

    private static int status(Throwable t) {
        assertThat(t).isInstanceOf(CompletionException.class).hasCauseInstanceOf(HttpException.class);
        return ((HttpException) t.getCause()).code();
    }

    @Test
    void readsAnItemWithLabelledFieldsAndPurposes() {
        OPConnectClient c = client(server.issueToken());
        Item item = c.getItem(vaultId, itemId).join();
        assertThat(item.getTitle()).isEqualTo("stripe");
        assertThat(item.getCategory()).isEqualTo(Category.LOGIN);
        assertThat(item.getVaultId().getId()).isEqualTo(vaultId);
        Field pw = item.getFields().stream().filter(f -> f.getPurpose() == Purpose.PASSWORD).findFirst().orElseThrow();
        assertThat(pw.getLabel()).isEqualTo("password");
        assertThat(pw.getValue()).isEqualTo(password);
        assertThat(server.requests().last().path()).isEqualTo("/v1/vaults/" + vaultId + "/items/" + itemId);
        assertThat(server.requests().last().hasHeader("Authorization")).isTrue();
    }

    @Test
    void listsAndFindsByTitleFilter() {
        server.createItem(vaultId, "openai", "API_CREDENTIAL", List.of(ItemField.concealed("credential", RandomValues.secret())));
        OPConnectClient c = client(server.issueToken());
        List<Vault> vaults = c.listVaults().join();
        assertThat(vaults).extracting(Vault::getName).containsExactly("agents");
        assertThat(c.listVaults("name eq \"agents\"").join()).hasSize(1);
        assertThat(c.listVaults("name eq \"other\"").join()).isEmpty();

        assertThat(c.listItems(vaultId).join()).extracting(Item::getTitle).containsExactly("stripe", "openai");
        List<Item> found = c.listItems(vaultId, "title eq \"openai\"").join();
        assertThat(found).singleElement().extracting(Item::getCategory).isEqualTo(Category.API_CREDENTIAL);
        assertThat(found.get(0).getFields()).isNullOrEmpty();
        assertThat(server.requests().last().queryNames()).containsExactly("filter");
    }

    @Test
    void rotationIsVisibleWithANewVersion() {
        OPConnectClient c = client(server.issueToken());
        assertThat(c.getItem(vaultId, itemId).join().getVersion()).isEqualTo(1);
        String next = RandomValues.secret();
        assertThat(server.rotate(vaultId, itemId, "password", next)).isEqualTo(2);
        Item item = c.getItem(vaultId, itemId).join();
        assertThat(item.getVersion()).isEqualTo(2);
        assertThat(item.getFields()).extracting(Field::getValue).contains(next).doesNotContain(password);
    }

    @Test
    void missingItemOrVaultIs404() {
        OPConnectClient c = client(server.issueToken());
        assertThatThrownBy(() -> c.getItem(vaultId, "a".repeat(26)).join()).satisfies(t -> assertThat(status(t)).isEqualTo(404));
        assertThatThrownBy(() -> c.getVault("b".repeat(26)).join()).satisfies(t -> assertThat(status(t)).isEqualTo(404));
    }

    @Test
    void badOrRevokedTokenIs401AndDenyAllIs403() {
        assertThatThrownBy(() -> client("op." + RandomValues.hex(16)).getItem(vaultId, itemId).join())
                .satisfies(t -> assertThat(status(t)).isEqualTo(401));
        String token = server.issueToken();
        server.revokeToken(token);
        assertThatThrownBy(() -> client(token).getItem(vaultId, itemId).join()).satisfies(t -> assertThat(status(t)).isEqualTo(401));
        server.denyAll(true);
        assertThatThrownBy(() -> client(server.issueToken()).getItem(vaultId, itemId).join())
                .satisfies(t -> assertThat(status(t)).isEqualTo(403));
    }

    @Test
    void heartbeatAndHealthNeedNoToken() {
        OPConnectClient c = client("unused");
        c.heartbeat().join();
        assertThat(c.health().join().getName()).isEqualTo("1Password Connect API");
    }

    @Test
    void downAndDelayFailTheCall() {
        OPConnectClient c = client(server.issueToken());
        server.down();
        assertThatThrownBy(() -> c.getItem(vaultId, itemId).join()).isInstanceOf(CompletionException.class);
        server.up();
        assertThat(c.getItem(vaultId, itemId).join().getId()).isEqualTo(itemId);
        server.delay(Duration.ofMillis(1500));
        assertThatThrownBy(() -> c.getItem(vaultId, itemId).join()).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
    }
}
