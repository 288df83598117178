import { Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useCallback } from 'react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { RequesterPanel } from '../../components/request/RequesterPanel';
import { ApprovalProgressPanel } from '../../components/review/ApprovalProgressPanel';
import { AssessmentEditor } from '../../components/review/AssessmentEditor';
import { AssessmentView, PreAssessmentView } from '../../components/review/AssessmentView';
import { DecisionRecordPanel } from '../../components/review/DecisionRecordPanel';
import { EuAiActPanel } from '../../components/review/EuAiActPanel';
import { STATUS_COLOUR, TIER_COLOUR, Words } from '../../components/review/format';
import { HistoryPanel } from '../../components/review/HistoryPanel';
import { RequestFacts } from '../../components/review/RequestFacts';
import { ReviewActions } from '../../components/review/ReviewActions';
import { RevokePanel } from '../../components/review/RevokePanel';
import { VotingPanel } from '../../components/review/VotingPanel';
import { graphql } from '../../gql';
import { QueryError } from '../../lib/errors';
import { Tag } from '../../components/review/Tag';

const REQUEST = graphql(`
  query ReviewRequest($id: ID!) {
    adoptionRequest(id: $id) {
      id
      reference
      title
      status
      statusReason
      tier
      revision
      version
      useCase
      affectedPopulation
      justification
      sector
      dataSensitivity
      dataResidency
      deploymentMode
      connectivity
      hardware
      intendedAdaptation
      expectedUsers
      publicFacing
      languages
      createdAt
      submittedAt
      decidedAt
      expiresAt
      conditions
      requester {
        id
        displayName
        email
      }
      model {
        id
        name
        producer
        weightsAccess
        licenseName
        licenseKind
        releaseLevel
      }
      euAiAct {
        euAiActClass
        caveat
        provisions {
          euAiActClass
          label
          reference
          triggers {
            field
            text
          }
        }
        gpai {
          gpai
          openSourceExemption
          systemicRisk
          reasons
          exemptionReasons
        }
        role {
          role
          reasons
          warnings {
            text
            sources
          }
        }
      }
      assessment {
        id
        revision
        tier
        complete
        inherentScore
        residualScore
        euAiActClass
        updatedAt
        marginalRisk {
          threat
          existingRisk
          existingDefences
          marginalRiskEvidence
          easeOfDefence
          uncertainty
        }
        items {
          category
          nistCategory
          likelihood
          impact
          score
          band
          rationale
          mitigation
          residualLikelihood
          residualImpact
          residualScore
          justification
          source
          reasons {
            code
            text
          }
        }
      }
      approvalProgress {
        approvals
        quorum
        missingApprovals
        missingExpertise
        requiredExpertise
        requiredConditions
      }
      votes {
        id
        approverId
        vote
        rationale
        conditions
        expertise
        revision
        createdAt
      }
      decisionRecord {
        id
        outcome
        revision
        createdAt
        auditSeq
        snapshot
      }
      viewerCan {
        startReview
        assess
        completeReview
        requestChanges
        castDecision
        revoke
      }
      viewerCannot {
        operation
        mutation
        code
        reason
      }
      history {
        seq
        action
        actor
        actorRoles
        fromState
        toState
        occurredAt
        payload
      }
    }
  }
`);

/**
 * One request for everyone who may read it: its facts, the EU AI Act pre-screen, what the requester can do,
 * then the review (assessment, votes, decision record, revocation) and its history. Each action appears only
 * when the API's viewerCan offers it; the API still checks every mutation.
 */
export default function RequestPage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: REQUEST, variables: { id } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const r = data?.adoptionRequest;

  if (!r) {
    return (
      <Stack>
        <Title order={1}>Request</Title>
        {error && <QueryError error={error} what="the request" />}
        {fetching && <Loader aria-label="Loading the request" />}
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>
          {r.reference} · {r.title}
        </Title>
        <Group gap="xs">
          <Tag colour={STATUS_COLOUR[r.status] ?? 'gray'} size="lg">
            Status: {Words(r.status)}
          </Tag>
          {r.tier ? (
            <Tag colour={TIER_COLOUR[r.tier]} size="lg">
              Tier: {Words(r.tier)}
            </Tag>
          ) : r.assessment?.tier ? (
            <Tag colour={TIER_COLOUR[r.assessment.tier]} size="lg">
              Tier so far: {Words(r.assessment.tier)} (set when the review is completed)
            </Tag>
          ) : (
            <Tag colour="gray" size="lg">
              Tier: not assessed yet
            </Tag>
          )}
          <Text size="sm">Revision {r.revision}</Text>
        </Group>
        {r.statusReason && (
          <Text size="sm">
            <strong>Why:</strong> {r.statusReason}
          </Text>
        )}
      </Stack>
      {error && <QueryError error={error} what="the latest state of the request" />}

      <RequesterPanel requestId={id} />

      <RequestFacts request={r} />
      <EuAiActPanel screen={r.euAiAct} />

      {r.assessment ? (
        <AssessmentView assessment={r.assessment} />
      ) : (
        <PreAssessmentView requestId={r.id} modelId={r.model.id} />
      )}
      {r.viewerCan.assess && r.assessment && (
        <AssessmentEditor key={`assess:${r.id}:${r.revision}`} request={r} onDone={refresh} />
      )}
      <ReviewActions key={`review:${r.id}`} request={r} onDone={refresh} />

      <ApprovalProgressPanel request={r} />
      <VotingPanel key={`vote:${r.id}:${r.revision}`} request={r} onDone={refresh} />
      {r.decisionRecord && <DecisionRecordPanel request={r} />}
      <RevokePanel key={`revoke:${r.id}`} request={r} onDone={refresh} />
      <HistoryPanel history={r.history} />
    </Stack>
  );
}
