package dev.faramesh.testkit.oidc;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Claims shaped like a GitHub Actions OIDC token ({@code token.actions.githubusercontent.com}):
 * {@code sub = repo:OWNER/REPO:ref:REF}, plus repository, ref, sha, workflow, run and actor claims.
 * The issuer is whatever the {@link TokenMinter} carries, so the token verifies against the test
 * server's JWKS while looking like GitHub's to the code reading the claims.
 */
public final class GitHubActionsClaims {

    /** GitHub's real issuer, for minters that should claim it. */
    public static final String ISSUER = "https://token.actions.githubusercontent.com";

    private GitHubActionsClaims() {
    }

    /** A push-triggered workflow run of {@code repository} (OWNER/REPO) on {@code ref}. */
    public static JWTClaimsSet pushWorkflow(TokenMinter minter, String repository, String ref, String audience) {
        String owner = repository.substring(0, repository.indexOf('/'));
        return minter.claims("repo:" + repository + ":ref:" + ref, audience)
                .claim("ref", ref)
                .claim("ref_type", ref.startsWith("refs/tags/") ? "tag" : "branch")
                .claim("sha", "3f786850e387550fdab836ed7e6dc881de23001b")
                .claim("repository", repository)
                .claim("repository_owner", owner)
                .claim("repository_id", "74")
                .claim("repository_owner_id", "65")
                .claim("repository_visibility", "private")
                .claim("run_id", "2701")
                .claim("run_number", "7")
                .claim("run_attempt", "1")
                .claim("actor", "octocat")
                .claim("actor_id", "583231")
                .claim("workflow", "deploy")
                .claim("workflow_ref", repository + "/.github/workflows/deploy.yml@" + ref)
                .claim("job_workflow_ref", repository + "/.github/workflows/deploy.yml@" + ref)
                .claim("event_name", "push")
                .claim("runner_environment", "github-hosted")
                .build();
    }
}
