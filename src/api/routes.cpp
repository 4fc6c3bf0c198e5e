// Every route of the service in one table: method, pattern, handler, who may call it.
#include "api/answers_api.hpp"
#include "api/auth_api.hpp"
#include "api/candidate_api.hpp"
#include "api/candidate_page.hpp"
#include "api/candidates_api.hpp"
#include "api/context.hpp"
#include "api/feedback_api.hpp"
#include "api/invitations_api.hpp"
#include "api/jobs_api.hpp"
#include "api/media_api.hpp"
#include "api/modules_api.hpp"
#include "api/ops_api.hpp"
#include "api/question_sets_api.hpp"
#include "api/questions_api.hpp"
#include "api/review_page_api.hpp"
#include "api/screenings_api.hpp"
#include "api/services_api.hpp"
#include "api/steps_api.hpp"
#include "api/tus_api.hpp"
#include "api/users_api.hpp"
#include "api/webhooks_api.hpp"
#include "api/workflow_api.hpp"
#include "api/workflow_bulk_api.hpp"

namespace api {

// One row per route, kept whole: the whole API reads in one place (a test keeps it and
// docs/openapi.yaml listing the same operations).
std::vector<Route> routes() {
  using A = Access;
  return {
      // Operations.
      {"GET", "/healthz", ops_healthz, A::kPublic, false},
      {"GET", "/readyz", ops_readyz, A::kPublic},
      {"GET", "/metrics", ops_metrics, A::kPublic},
      {"GET", "/api/schema/", ops_schema, A::kPublic, false},
      {"GET", "/api/docs/", ops_docs, A::kPublic, false},
      {"GET", "/api/docs/{str}", ops_docs_asset, A::kPublic, false},

      // The reviewers' page (it calls the API below like any client).
      {"GET", "/review/", review_page, A::kPublic, false},
      {"GET", "/review/{str}", review_page_asset, A::kPublic, false},
      // The candidate's page: static files, the same for every token (which only the
      // page's own script reads and sends to the candidate API).
      {"GET", "/i/{str}", candidate_page, A::kPublic, false},
      {"GET", "/i/assets/{str}", candidate_page_asset, A::kPublic, false},

      // Auth.
      {"POST", "/api/v1/auth/register/", auth_register, A::kPublic, true, BodyKind::kJson, nullptr,
       Lane::kPassword},
      {"POST", "/api/v1/auth/token/", auth_token, A::kPublic, true, BodyKind::kJson, nullptr,
       Lane::kPassword},
      {"POST", "/api/v1/auth/logout/", auth_logout, A::kAuthenticated, true, BodyKind::kJson,
       nullptr, Lane::kRequest, true},
      {"GET", "/api/v1/auth/me/", auth_me, A::kAuthenticated},

      // Organizations and users.
      {"GET", "/api/v1/organizations/", organizations_list, A::kAuthenticated},
      {"GET", "/api/v1/organizations/{int}/", organizations_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/organizations/{int}/", organizations_update, A::kAdmin},
      {"PATCH", "/api/v1/organizations/{int}/", organizations_update, A::kAdmin},
      {"GET", "/api/v1/users/", users_list, A::kAdmin},
      {"POST", "/api/v1/users/", users_create, A::kAdmin, true, BodyKind::kJson, nullptr,
       Lane::kPassword},
      {"GET", "/api/v1/users/{int}/", users_retrieve, A::kAdmin},
      {"PUT", "/api/v1/users/{int}/", users_update, A::kAdmin, true, BodyKind::kJson, nullptr,
       Lane::kPassword, true},
      {"PATCH", "/api/v1/users/{int}/", users_partial_update, A::kAdmin, true, BodyKind::kJson,
       nullptr, Lane::kPassword, true},
      {"DELETE", "/api/v1/users/{int}/", users_destroy, A::kAdmin, true, BodyKind::kJson, nullptr,
       Lane::kRequest, true},

      // Jobs and the candidates applied to them.
      {"GET", "/api/v1/jobs/", jobs_list, A::kAuthenticated},
      {"POST", "/api/v1/jobs/", jobs_create, A::kStaff},
      {"GET", "/api/v1/jobs/{int}/", jobs_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/jobs/{int}/", jobs_update, A::kStaff},
      {"PATCH", "/api/v1/jobs/{int}/", jobs_partial_update, A::kStaff},
      {"DELETE", "/api/v1/jobs/{int}/", jobs_destroy, A::kStaff},
      {"GET", "/api/v1/jobs/{int}/candidates/", jobs_candidates_list, A::kAuthenticated},
      {"POST", "/api/v1/jobs/{int}/candidates/", jobs_candidates_create, A::kStaff},

      // Candidates.
      {"GET", "/api/v1/candidates/", candidates_list, A::kAuthenticated},
      {"POST", "/api/v1/candidates/", candidates_create, A::kStaff},
      {"GET", "/api/v1/candidates/{int}/", candidates_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/candidates/{int}/", candidates_update, A::kStaff},
      {"PATCH", "/api/v1/candidates/{int}/", candidates_partial_update, A::kStaff},
      {"DELETE", "/api/v1/candidates/{int}/", candidates_destroy, A::kStaff},

      // Interview services.
      {"GET", "/api/v1/services/", services_list, A::kAuthenticated},
      {"POST", "/api/v1/services/", services_create, A::kStaff},
      {"GET", "/api/v1/services/{int}/", services_retrieve, A::kAuthenticated},

      // Interview modules.
      {"GET", "/api/v1/interview/list/", modules_list, A::kAuthenticated},
      {"GET", "/api/v1/interview/job/{int}/interview-modules/", modules_of_job, A::kAuthenticated},
      {"GET", "/api/v1/interview/interview-module/{int}/service/{str}/steps/", module_service_steps,
       A::kAuthenticated},
      {"GET", "/api/v1/interview/service-interview-steps/{int}/{str}/", module_service_steps,
       A::kAuthenticated},
      {"GET", "/api/v1/interview/interview-modules/", modules_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/interview-modules/", modules_create, A::kStaff},
      {"GET", "/api/v1/interview/interview-modules/{int}/", modules_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/interview/interview-modules/{int}/", modules_update, A::kStaff},
      {"PATCH", "/api/v1/interview/interview-modules/{int}/", modules_partial_update, A::kStaff},
      {"DELETE", "/api/v1/interview/interview-modules/{int}/", modules_destroy, A::kStaff},

      // Interview steps.
      {"GET", "/api/v1/interview/interview-steps/", steps_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/interview-steps/", steps_create, A::kStaff},
      {"GET", "/api/v1/interview/interview-steps/{int}/", steps_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/interview/interview-steps/{int}/", steps_update, A::kStaff},
      {"PATCH", "/api/v1/interview/interview-steps/{int}/", steps_update, A::kStaff},
      {"DELETE", "/api/v1/interview/interview-steps/{int}/", steps_destroy, A::kStaff},
      {"GET", "/api/v1/interview/interview-steps/{int}/history/", steps_history, A::kAuthenticated},

      // Question sets, questions and screenings (answer sets).
      {"GET", "/api/v1/interview/question-sets/", question_sets_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/question-sets/", question_sets_create, A::kStaff},
      {"GET", "/api/v1/interview/question-sets/{int}/", question_sets_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/interview/question-sets/{int}/", question_sets_update, A::kStaff},
      {"PATCH", "/api/v1/interview/question-sets/{int}/", question_sets_partial_update, A::kStaff},
      {"DELETE", "/api/v1/interview/question-sets/{int}/", question_sets_destroy, A::kStaff},
      {"GET", "/api/v1/interview/questions/", questions_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/questions/", questions_create, A::kStaff},
      {"GET", "/api/v1/interview/questions/{int}/", questions_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/interview/questions/{int}/", questions_update, A::kStaff},
      {"PATCH", "/api/v1/interview/questions/{int}/", questions_partial_update, A::kStaff},
      {"DELETE", "/api/v1/interview/questions/{int}/", questions_destroy, A::kStaff},
      {"GET", "/api/v1/interview/screenings/", screenings_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/screenings/", screenings_create, A::kStaff},
      {"GET", "/api/v1/interview/screenings/{int}/", screenings_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/interview/screenings/{int}/", screenings_update, A::kStaff},
      {"PATCH", "/api/v1/interview/screenings/{int}/", screenings_partial_update, A::kStaff},
      {"DELETE", "/api/v1/interview/screenings/{int}/", screenings_destroy, A::kStaff},
      {"POST", "/api/v1/interview/screenings/{int}/submit/", screenings_submit, A::kStaff},

      // Workflow.
      {"POST", "/api/v1/interview/shortlist-candidate/", workflow_shortlist, A::kStaff},
      {"POST", "/api/v1/interview/unshortlist-candidate/", workflow_unshortlist, A::kStaff},
      {"POST", "/api/v1/interview/update-step/", workflow_update_step, A::kStaff},
      {"PATCH", "/api/v1/interview/update-status/", workflow_update_status, A::kStaff},
      {"POST", "/api/v1/interview/bulk/", workflow_bulk, A::kStaff},

      // Feedback: any role may write its own.
      {"GET", "/api/v1/interview/feedbacks/{int}/{int}/", feedback_of_candidate, A::kAuthenticated},
      {"POST", "/api/v1/interview/feedbacks/", feedback_create, A::kAuthenticated},
      {"PATCH", "/api/v1/interview/feedbacks/{int}/", feedback_update, A::kAuthenticated},
      {"DELETE", "/api/v1/interview/feedbacks/{int}/", feedback_destroy, A::kAuthenticated},

      // Invitations (admins and recruiters write, every role reads), and the candidate API
      // that an invitation's link opens (`Authorization: Invitation <token>`).
      {"GET", "/api/v1/interview/invitations/", invitations_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/invitations/", invitations_create, A::kStaff},
      {"GET", "/api/v1/interview/invitations/{int}/", invitations_retrieve, A::kAuthenticated},
      {"POST", "/api/v1/interview/invitations/{int}/reissue/", invitations_reissue, A::kStaff},
      {"POST", "/api/v1/interview/invitations/{int}/revoke/", invitations_revoke, A::kStaff},
      {"GET", "/api/v1/interview/invitations/{int}/timeline/", invitations_timeline,
       A::kAuthenticated},
      {"GET", "/api/v1/candidate/session/", candidate_session, A::kCandidate},
      {"POST", "/api/v1/candidate/consent/", candidate_consent, A::kCandidate},
      {"POST", "/api/v1/candidate/questions/{int}/attempts/", candidate_attempt_start,
       A::kCandidate},
      {"POST", "/api/v1/candidate/attempts/{int}/answer/", candidate_answer, A::kCandidate},
      {"POST", "/api/v1/candidate/submit/", candidate_submit, A::kCandidate},

      // Answers and their media.
      {"GET", "/api/v1/interview/answers/", answers_list, A::kAuthenticated},
      {"POST", "/api/v1/interview/answers/", answers_create, A::kStaff, true,
       BodyKind::kMultipartUpload},
      {"GET", "/api/v1/interview/answers/{int}/", answers_retrieve, A::kAuthenticated},
      {"DELETE", "/api/v1/interview/answers/{int}/", answers_destroy, A::kStaff},
      {"GET", "/api/v1/interview/answers/{int}/video/", answer_video, A::kAuthenticated},
      {"GET", "/api/v1/interview/answers/{int}/audio/", answer_audio, A::kAuthenticated},
      {"GET", "/api/v1/interview/answers/{int}/thumbnail/", answer_thumbnail, A::kAuthenticated},
      {"GET", "/api/v1/interview/candidate/{int}/answers/", answers_of_candidate,
       A::kAuthenticated},
      {"GET", "/api/v1/interview/candidate/{int}/job/{int}/service/{int}/answers/",
       answers_of_candidate_job_service, A::kAuthenticated},
      {"POST", "/api/v1/interview/get-upload-presigned-url/", presigned_upload_url, A::kStaff},
      // The local folder backend's presigned uploads: the signature is the credential.
      {"PUT", "/api/v1/uploads/{int}/answers/{str}/{str}", upload_store, A::kPublic, true,
       BodyKind::kRawUpload, upload_precheck},

      // Webhooks (admins).
      {"GET", "/api/v1/webhooks/", webhooks_list, A::kAdmin},
      {"POST", "/api/v1/webhooks/", webhooks_create, A::kAdmin},
      {"GET", "/api/v1/webhooks/{int}/", webhooks_retrieve, A::kAdmin},
      {"PUT", "/api/v1/webhooks/{int}/", webhooks_update, A::kAdmin},
      {"PATCH", "/api/v1/webhooks/{int}/", webhooks_partial_update, A::kAdmin},
      {"DELETE", "/api/v1/webhooks/{int}/", webhooks_destroy, A::kAdmin},
      {"POST", "/api/v1/webhooks/{int}/rotate-secret/", webhooks_rotate_secret, A::kAdmin},
      {"POST", "/api/v1/webhooks/{int}/ping/", webhooks_ping, A::kAdmin},
      {"GET", "/api/v1/webhooks/{int}/deliveries/", webhooks_deliveries, A::kAdmin},
      {"POST", "/api/v1/webhooks/{int}/deliveries/{int}/redeliver/", webhooks_redeliver, A::kAdmin},

      // Resumable uploads (tus 1.0.0), for users and candidates.
      {"OPTIONS", "/api/v1/uploads/tus/", tus_options, A::kPublic, false},
      {"OPTIONS", "/api/v1/uploads/tus/{str}", tus_options, A::kPublic, false},
      {"POST", "/api/v1/uploads/tus/", tus_create, A::kStaffOrCandidate},
      {"HEAD", "/api/v1/uploads/tus/{str}", tus_head, A::kStaffOrCandidate},
      {"PATCH", "/api/v1/uploads/tus/{str}", tus_patch, A::kStaffOrCandidate, true,
       BodyKind::kOffsetBytes, tus_patch_precheck},
      {"DELETE", "/api/v1/uploads/tus/{str}", tus_delete, A::kStaffOrCandidate},
  };
}

bool allowed(Access access, const domain::Principal* who) {
  const bool user = who && who->invitation_id == 0;
  const bool staff =
      user && (who->role == domain::Role::kAdmin || who->role == domain::Role::kRecruiter);
  switch (access) {
    case Access::kPublic:
      return true;
    case Access::kAuthenticated:
      return user;
    case Access::kStaff:
      return staff;
    case Access::kAdmin:
      return user && who->role == domain::Role::kAdmin;
    case Access::kCandidate:
      return who && who->invitation_id != 0;
    case Access::kStaffOrCandidate:
      return staff || (who && who->invitation_id != 0);
  }
  return false;
}

bool admits_candidates(Access access) {
  return access == Access::kCandidate || access == Access::kStaffOrCandidate;
}

}  // namespace api
